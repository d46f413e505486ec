-- CreateEnum
CREATE TYPE "PlanKind" AS ENUM ('FIVE_YEAR', 'ANNUAL');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'IN_CONSULTATION', 'COMMITTEE_APPROVED', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "Perspective" AS ENUM ('CITIZEN', 'FINANCIAL', 'INTERNAL_PROCESS', 'LEARNING_GROWTH');

-- CreateEnum
CREATE TYPE "IndicatorDirection" AS ENUM ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER');

-- CreateEnum
CREATE TYPE "CascadeRule" AS ENUM ('SUM', 'AVERAGE', 'MINIMUM', 'SAME');

-- CreateEnum
CREATE TYPE "ReportingFrequency" AS ENUM ('MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL');

-- CreateTable
CREATE TABLE "DevelopmentPlan" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "kind" "PlanKind" NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'DRAFT',
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT,
    "startYear" INTEGER NOT NULL,
    "endYear" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "previousVersionId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DevelopmentPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StrategicIssue" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT,
    "nationalStrategies" INTEGER[],
    "milestones" INTEGER[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "StrategicIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objective" (
    "id" TEXT NOT NULL,
    "strategicIssueId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "perspective" "Perspective" NOT NULL,
    "position" INTEGER NOT NULL,
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Objective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObjectiveLink" (
    "causeId" TEXT NOT NULL,
    "effectId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ObjectiveLink_pkey" PRIMARY KEY ("causeId","effectId")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL,
    "objectiveId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT,
    "unit" TEXT NOT NULL,
    "direction" "IndicatorDirection" NOT NULL,
    "cascadeRule" "CascadeRule" NOT NULL,
    "baselineValue" DECIMAL(20,4),
    "baselineYear" INTEGER,
    "frequency" "ReportingFrequency",
    "dataSource" TEXT,
    "ownerAgencyCode" TEXT,
    "thresholds" DECIMAL(20,4)[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "provinceCode" TEXT,
    "value" DECIMAL(20,4) NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistoryEntry" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "planId" TEXT,
    "clusterCode" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "HistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DevelopmentPlan_clusterCode_createdAt_id_idx" ON "DevelopmentPlan"("clusterCode", "createdAt", "id");

-- CreateIndex
CREATE INDEX "DevelopmentPlan_createdAt_id_idx" ON "DevelopmentPlan"("createdAt", "id");

-- CreateIndex
CREATE INDEX "DevelopmentPlan_previousVersionId_idx" ON "DevelopmentPlan"("previousVersionId");

-- CreateIndex
CREATE INDEX "StrategicIssue_planId_position_idx" ON "StrategicIssue"("planId", "position");

-- CreateIndex
CREATE INDEX "Objective_strategicIssueId_position_idx" ON "Objective"("strategicIssueId", "position");

-- CreateIndex
CREATE INDEX "Objective_planId_idx" ON "Objective"("planId");

-- CreateIndex
CREATE INDEX "ObjectiveLink_planId_idx" ON "ObjectiveLink"("planId");

-- CreateIndex
CREATE INDEX "Indicator_objectiveId_position_idx" ON "Indicator"("objectiveId", "position");

-- CreateIndex
CREATE INDEX "Indicator_planId_idx" ON "Indicator"("planId");

-- CreateIndex
CREATE INDEX "IndicatorTarget_indicatorId_fiscalYear_idx" ON "IndicatorTarget"("indicatorId", "fiscalYear");

-- CreateIndex
CREATE INDEX "HistoryEntry_entityId_createdAt_idx" ON "HistoryEntry"("entityId", "createdAt");

-- CreateIndex
CREATE INDEX "HistoryEntry_planId_createdAt_idx" ON "HistoryEntry"("planId", "createdAt");

-- AddForeignKey
ALTER TABLE "DevelopmentPlan" ADD CONSTRAINT "DevelopmentPlan_clusterCode_fkey" FOREIGN KEY ("clusterCode") REFERENCES "Cluster"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DevelopmentPlan" ADD CONSTRAINT "DevelopmentPlan_previousVersionId_fkey" FOREIGN KEY ("previousVersionId") REFERENCES "DevelopmentPlan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategicIssue" ADD CONSTRAINT "StrategicIssue_planId_fkey" FOREIGN KEY ("planId") REFERENCES "DevelopmentPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_strategicIssueId_fkey" FOREIGN KEY ("strategicIssueId") REFERENCES "StrategicIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectiveLink" ADD CONSTRAINT "ObjectiveLink_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectiveLink" ADD CONSTRAINT "ObjectiveLink_effectId_fkey" FOREIGN KEY ("effectId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;
