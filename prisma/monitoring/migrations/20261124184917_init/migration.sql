-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "sequence" BIGSERIAL NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "titleTh" TEXT NOT NULL,
    "detailTh" TEXT,
    "raisedBy" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Alert_sequence_key" ON "Alert"("sequence");

-- CreateIndex
CREATE INDEX "Alert_clusterCode_raisedAt_idx" ON "Alert"("clusterCode", "raisedAt");
