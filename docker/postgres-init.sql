-- One database per subgraph; osm_strategy is created by POSTGRES_DB.
CREATE DATABASE osm_budget OWNER osm;
CREATE DATABASE osm_monitoring OWNER osm;
CREATE DATABASE osm_participation OWNER osm;
