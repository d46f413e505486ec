-- CreateTable
CREATE TABLE "hub_seed_state" (
    "name" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "seeded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hub_seed_state_pkey" PRIMARY KEY ("name")
);
