-- CreateEnum
CREATE TYPE "CommitteeRole" AS ENUM ('CHAIR', 'VICE_CHAIR', 'MEMBER', 'SECRETARY', 'ASSISTANT_SECRETARY');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('SCHEDULED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PositionKind" AS ENUM ('CIVIL_SERVANT', 'GOVERNMENT_EMPLOYEE');

-- CreateEnum
CREATE TYPE "OfficeUnit" AS ENUM ('GENERAL_ADMINISTRATION', 'STRATEGY_DEVELOPMENT', 'MONITORING_EVALUATION');

-- AlterTable
ALTER TABLE "StrategicIssue" ADD COLUMN     "sdgGoals" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "SdgGoal" (
    "number" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "nameTh" TEXT,

    CONSTRAINT "SdgGoal_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "Committee" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Committee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeMember" (
    "id" TEXT NOT NULL,
    "committeeId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "personName" TEXT NOT NULL,
    "agencyCode" TEXT,
    "role" "CommitteeRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CommitteeMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "committeeId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "venue" TEXT,
    "onlineLink" TEXT,
    "status" "MeetingStatus" NOT NULL DEFAULT 'SCHEDULED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgendaItem" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "titleTh" TEXT NOT NULL,
    "planId" TEXT,
    "projectId" TEXT,
    "reportReference" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resolution" (
    "id" TEXT NOT NULL,
    "agendaItemId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "textTh" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Resolution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL,
    "resolutionId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "ownerAgencyCode" TEXT,
    "ownerPerson" TEXT,
    "dueDate" DATE NOT NULL,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OsmPosition" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "kind" "PositionKind" NOT NULL,
    "titleTh" TEXT NOT NULL,
    "unit" "OfficeUnit" NOT NULL,
    "holderName" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OsmPosition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SdgGoal_code_key" ON "SdgGoal"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Committee_clusterCode_key" ON "Committee"("clusterCode");

-- CreateIndex
CREATE INDEX "CommitteeMember_committeeId_position_idx" ON "CommitteeMember"("committeeId", "position");

-- CreateIndex
CREATE INDEX "Meeting_committeeId_createdAt_id_idx" ON "Meeting"("committeeId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_committeeId_year_number_key" ON "Meeting"("committeeId", "year", "number");

-- CreateIndex
CREATE INDEX "AgendaItem_meetingId_position_idx" ON "AgendaItem"("meetingId", "position");

-- CreateIndex
CREATE INDEX "Resolution_agendaItemId_position_idx" ON "Resolution"("agendaItemId", "position");

-- CreateIndex
CREATE INDEX "FollowUp_resolutionId_createdAt_idx" ON "FollowUp"("resolutionId", "createdAt");

-- CreateIndex
CREATE INDEX "FollowUp_clusterCode_status_dueDate_id_idx" ON "FollowUp"("clusterCode", "status", "dueDate", "id");

-- CreateIndex
CREATE INDEX "OsmPosition_clusterCode_createdAt_id_idx" ON "OsmPosition"("clusterCode", "createdAt", "id");

-- AddForeignKey
ALTER TABLE "Committee" ADD CONSTRAINT "Committee_clusterCode_fkey" FOREIGN KEY ("clusterCode") REFERENCES "Cluster"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeMember" ADD CONSTRAINT "CommitteeMember_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgendaItem" ADD CONSTRAINT "AgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resolution" ADD CONSTRAINT "Resolution_agendaItemId_fkey" FOREIGN KEY ("agendaItemId") REFERENCES "AgendaItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_resolutionId_fkey" FOREIGN KEY ("resolutionId") REFERENCES "Resolution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OsmPosition" ADD CONSTRAINT "OsmPosition_clusterCode_fkey" FOREIGN KEY ("clusterCode") REFERENCES "Cluster"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
