-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('PROPOSED', 'SCREENED', 'PRIORITISED', 'REQUESTED', 'APPROVED', 'CONTRACTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ProjectKind" AS ENUM ('INVESTMENT', 'OPERATING');

-- CreateEnum
CREATE TYPE "BudgetPhase" AS ENUM ('REQUESTED', 'APPROVED', 'ADJUSTED', 'EXECUTED');

-- CreateEnum
CREATE TYPE "BudgetCategory" AS ENUM ('PERSONNEL', 'OPERATING', 'INVESTMENT', 'SUBSIDY', 'OTHER');

-- CreateEnum
CREATE TYPE "InstalmentStatus" AS ENUM ('SCHEDULED', 'MET', 'NOT_MET', 'PARTIALLY_MET');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "agencyCode" TEXT,
ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "code" TEXT,
ADD COLUMN     "emenscrId" TEXT,
ADD COLUMN     "endsOn" DATE,
ADD COLUMN     "kind" "ProjectKind",
ADD COLUMN     "startsOn" DATE,
ADD COLUMN     "status" "ProjectStatus" NOT NULL DEFAULT 'PROPOSED',
ADD COLUMN     "strategicIssueId" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- Backfill: projects recorded before codes existed get "<cluster>-<year>-<NNN>" in the order they were recorded.
UPDATE "Project" AS p SET "code" = numbered."code"
FROM (
  SELECT "id", "clusterCode" || '-' || "fiscalYear" || '-' || lpad(row_number() OVER (PARTITION BY "clusterCode", "fiscalYear" ORDER BY "createdAt", "id")::text, 3, '0') AS "code"
  FROM "Project"
) AS numbered
WHERE p."id" = numbered."id";
ALTER TABLE "Project" ALTER COLUMN "code" SET NOT NULL;

-- CreateTable
CREATE TABLE "ProjectProvince" (
    "projectId" TEXT NOT NULL,
    "provinceCode" TEXT NOT NULL,

    CONSTRAINT "ProjectProvince_pkey" PRIMARY KEY ("projectId","provinceCode")
);

-- CreateTable
CREATE TABLE "ProjectIndicator" (
    "projectId" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,

    CONSTRAINT "ProjectIndicator_pkey" PRIMARY KEY ("projectId","indicatorId")
);

-- CreateTable
CREATE TABLE "BudgetLine" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "phase" "BudgetPhase" NOT NULL,
    "category" "BudgetCategory" NOT NULL,
    "amountBaht" DECIMAL(18,2) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BudgetLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "contractNo" TEXT NOT NULL,
    "supplierName" TEXT NOT NULL,
    "supplierTaxId" TEXT,
    "supplierBankAccount" TEXT,
    "valueBaht" DECIMAL(18,2) NOT NULL,
    "signedOn" DATE NOT NULL,
    "startsOn" DATE,
    "endsOn" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractAmendment" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "amendedOn" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "valueBeforeBaht" DECIMAL(18,2) NOT NULL,
    "valueAfterBaht" DECIMAL(18,2) NOT NULL,
    "endsOnBefore" DATE,
    "endsOnAfter" DATE,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instalment" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "dueOn" DATE NOT NULL,
    "amountBaht" DECIMAL(18,2) NOT NULL,
    "status" "InstalmentStatus" NOT NULL DEFAULT 'SCHEDULED',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Instalment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disbursement" (
    "id" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "paidOn" DATE NOT NULL,
    "amountBaht" DECIMAL(18,2) NOT NULL,
    "gfmisDocumentNo" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Disbursement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HistoryEntry" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "projectId" TEXT,
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
CREATE INDEX "ProjectProvince_provinceCode_idx" ON "ProjectProvince"("provinceCode");

-- CreateIndex
CREATE INDEX "ProjectIndicator_indicatorId_idx" ON "ProjectIndicator"("indicatorId");

-- CreateIndex
CREATE INDEX "BudgetLine_fiscalYear_phase_idx" ON "BudgetLine"("fiscalYear", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetLine_projectId_fiscalYear_phase_category_key" ON "BudgetLine"("projectId", "fiscalYear", "phase", "category");

-- CreateIndex
CREATE INDEX "Contract_projectId_idx" ON "Contract"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "Contract_clusterCode_contractNo_key" ON "Contract"("clusterCode", "contractNo");

-- CreateIndex
CREATE INDEX "ContractAmendment_contractId_createdAt_idx" ON "ContractAmendment"("contractId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Instalment_contractId_number_key" ON "Instalment"("contractId", "number");

-- CreateIndex
CREATE INDEX "Disbursement_paidOn_idx" ON "Disbursement"("paidOn");

-- CreateIndex
CREATE UNIQUE INDEX "Disbursement_contractId_gfmisDocumentNo_key" ON "Disbursement"("contractId", "gfmisDocumentNo");

-- CreateIndex
CREATE INDEX "HistoryEntry_entityId_createdAt_idx" ON "HistoryEntry"("entityId", "createdAt");

-- CreateIndex
CREATE INDEX "HistoryEntry_projectId_createdAt_idx" ON "HistoryEntry"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Project_strategicIssueId_idx" ON "Project"("strategicIssueId");

-- CreateIndex
CREATE INDEX "Project_agencyCode_idx" ON "Project"("agencyCode");

-- CreateIndex
CREATE INDEX "Project_createdAt_id_idx" ON "Project"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Project_clusterCode_code_key" ON "Project"("clusterCode", "code");

-- AddForeignKey
ALTER TABLE "ProjectProvince" ADD CONSTRAINT "ProjectProvince_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectIndicator" ADD CONSTRAINT "ProjectIndicator_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetLine" ADD CONSTRAINT "BudgetLine_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractAmendment" ADD CONSTRAINT "ContractAmendment_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instalment" ADD CONSTRAINT "Instalment_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disbursement" ADD CONSTRAINT "Disbursement_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;
