-- CreateTable
CREATE TABLE "Cluster" (
    "code" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameEnVerified" BOOLEAN NOT NULL DEFAULT false,
    "regionTh" TEXT NOT NULL,
    "regionEn" TEXT NOT NULL,
    "leadProvinceCode" TEXT,
    "leadProvinceStatus" TEXT NOT NULL,
    "leadProvinceVerified" BOOLEAN NOT NULL DEFAULT false,
    "leadProvinceBasis" TEXT NOT NULL,
    "membersBasis" TEXT NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Province" (
    "code" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "regionTh" TEXT NOT NULL,
    "regionEn" TEXT NOT NULL,
    "clusterCode" TEXT,
    "clusterMembershipVerified" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,

    CONSTRAINT "Province_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Agency" (
    "code" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "abbreviationTh" TEXT,
    "abbreviationEn" TEXT,
    "role" TEXT NOT NULL,
    "parentCode" TEXT,
    "unverifiedFields" TEXT[],
    "sources" TEXT[],

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "NationalStrategy" (
    "code" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "NationalStrategy_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "PlanMilestone" (
    "code" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEnInformal" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PlanMilestone_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "Province_clusterCode_idx" ON "Province"("clusterCode");

-- CreateIndex
CREATE UNIQUE INDEX "NationalStrategy_number_key" ON "NationalStrategy"("number");

-- CreateIndex
CREATE UNIQUE INDEX "PlanMilestone_number_key" ON "PlanMilestone"("number");

-- AddForeignKey
ALTER TABLE "Province" ADD CONSTRAINT "Province_clusterCode_fkey" FOREIGN KEY ("clusterCode") REFERENCES "Cluster"("code") ON DELETE SET NULL ON UPDATE CASCADE;
