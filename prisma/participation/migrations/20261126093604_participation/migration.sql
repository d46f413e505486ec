-- CreateEnum
CREATE TYPE "SubjectKind" AS ENUM ('PLAN', 'STRATEGIC_ISSUE', 'PROJECT', 'HEARING');

-- CreateEnum
CREATE TYPE "HearingStatus" AS ENUM ('SCHEDULED', 'OPEN', 'CLOSED', 'REPORTED');

-- CreateEnum
CREATE TYPE "CommentStatus" AS ENUM ('PENDING', 'PUBLISHED', 'HIDDEN');

-- CreateEnum
CREATE TYPE "SurveyStatus" AS ENUM ('DRAFT', 'OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ResultsVisibility" AS ENUM ('LIVE', 'AFTER_CLOSE');

-- CreateEnum
CREATE TYPE "ArticleKind" AS ENUM ('NEWS', 'KNOWLEDGE');

-- CreateEnum
CREATE TYPE "ArticleStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "PersonalDataRequestKind" AS ENUM ('EXPORT', 'ERASE');

-- DropIndex
DROP INDEX "Hearing_clusterCode_heldOn_idx";

-- AlterTable: hearings scheduled before this migration had a date only, and start at 09:00
-- Asia/Bangkok (02:00 UTC) that day, and show the hub's standard purpose of collection.
ALTER TABLE "Hearing" ADD COLUMN     "capacity" INTEGER,
ADD COLUMN     "descriptionTh" TEXT,
ADD COLUMN     "onlineUrl" TEXT,
ADD COLUMN     "provinceCode" TEXT,
ADD COLUMN     "purposeTh" TEXT,
ADD COLUMN     "reportTh" TEXT,
ADD COLUMN     "reportedAt" TIMESTAMPTZ(3),
ADD COLUMN     "startsAt" TIMESTAMPTZ(3),
ADD COLUMN     "status" "HearingStatus" NOT NULL DEFAULT 'SCHEDULED',
ADD COLUMN     "subjectId" TEXT,
ADD COLUMN     "subjectKind" "SubjectKind",
ADD COLUMN     "titleEn" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

UPDATE "Hearing" SET "startsAt" = ("heldOn"::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Bangkok',
  "purposeTh" = 'เพื่อจัดการลงทะเบียนและติดต่อผู้เข้าร่วมการรับฟังความคิดเห็นครั้งนี้ และจัดทำรายงานสรุปผลโดยไม่เปิดเผยข้อมูลส่วนบุคคล';

ALTER TABLE "Hearing" ALTER COLUMN "startsAt" SET NOT NULL,
ALTER COLUMN "purposeTh" SET NOT NULL,
DROP COLUMN "heldOn";

-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL,
    "hearingId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "fullName" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "nationalIdHash" TEXT,
    "nationalIdLast4" TEXT,
    "citizenSub" TEXT,
    "registrantKey" TEXT NOT NULL,
    "attended" BOOLEAN NOT NULL DEFAULT false,
    "attendedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "subjectKind" "SubjectKind" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "parentId" TEXT,
    "body" TEXT NOT NULL,
    "bodyDigest" TEXT NOT NULL,
    "status" "CommentStatus" NOT NULL DEFAULT 'PENDING',
    "authorRole" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "fullName" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "citizenSub" TEXT,
    "moderatedBy" TEXT,
    "moderatedAt" TIMESTAMPTZ(3),
    "moderationReason" TEXT,
    "supportCount" INTEGER NOT NULL DEFAULT 0,
    "reportCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommentSupport" (
    "commentId" TEXT NOT NULL,
    "supporterKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommentSupport_pkey" PRIMARY KEY ("commentId","supporterKey")
);

-- CreateTable
CREATE TABLE "CommentReport" (
    "id" TEXT NOT NULL,
    "commentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reporterKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommentReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "subjectKind" "SubjectKind",
    "subjectId" TEXT,
    "fiscalYear" INTEGER NOT NULL,
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT,
    "descriptionTh" TEXT,
    "status" "SurveyStatus" NOT NULL DEFAULT 'DRAFT',
    "resultsVisibility" "ResultsVisibility" NOT NULL DEFAULT 'AFTER_CLOSE',
    "maxChoices" INTEGER NOT NULL DEFAULT 3,
    "closesAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyOption" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "subjectKind" "SubjectKind",
    "subjectId" TEXT,
    "labelTh" TEXT NOT NULL,
    "labelEn" TEXT,

    CONSTRAINT "SurveyOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "respondentKey" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "fullName" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "citizenSub" TEXT,
    "provinceCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyChoice" (
    "responseId" TEXT NOT NULL,
    "optionId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "SurveyChoice_pkey" PRIMARY KEY ("responseId","optionId")
);

-- CreateTable
CREATE TABLE "CitizenFeedback" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "provinceCode" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "body" TEXT,
    "displayName" TEXT NOT NULL,
    "fullName" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "citizenSub" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CitizenFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Article" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "kind" "ArticleKind" NOT NULL,
    "status" "ArticleStatus" NOT NULL DEFAULT 'DRAFT',
    "titleTh" TEXT NOT NULL,
    "titleEn" TEXT,
    "summaryTh" TEXT,
    "summaryEn" TEXT,
    "bodyTh" TEXT NOT NULL,
    "bodyEn" TEXT,
    "tags" TEXT[],
    "publishedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isSample" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleAttachment" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "url" TEXT NOT NULL,

    CONSTRAINT "ArticleAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonalDataRequest" (
    "id" TEXT NOT NULL,
    "kind" "PersonalDataRequestKind" NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requesterRole" TEXT NOT NULL,
    "clusterScope" TEXT,
    "matchedBy" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonalDataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Registration_email_idx" ON "Registration"("email");

-- CreateIndex
CREATE INDEX "Registration_phone_idx" ON "Registration"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_hearingId_registrantKey_key" ON "Registration"("hearingId", "registrantKey");

-- CreateIndex
CREATE INDEX "Comment_subjectId_status_createdAt_idx" ON "Comment"("subjectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_clusterCode_status_createdAt_idx" ON "Comment"("clusterCode", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_parentId_idx" ON "Comment"("parentId");

-- CreateIndex
CREATE INDEX "Comment_bodyDigest_createdAt_idx" ON "Comment"("bodyDigest", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_email_idx" ON "Comment"("email");

-- CreateIndex
CREATE INDEX "Comment_phone_idx" ON "Comment"("phone");

-- CreateIndex
CREATE INDEX "CommentReport_commentId_idx" ON "CommentReport"("commentId");

-- CreateIndex
CREATE INDEX "Survey_clusterCode_status_createdAt_idx" ON "Survey"("clusterCode", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyOption_surveyId_position_key" ON "SurveyOption"("surveyId", "position");

-- CreateIndex
CREATE INDEX "SurveyResponse_email_idx" ON "SurveyResponse"("email");

-- CreateIndex
CREATE INDEX "SurveyResponse_phone_idx" ON "SurveyResponse"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_surveyId_respondentKey_key" ON "SurveyResponse"("surveyId", "respondentKey");

-- CreateIndex
CREATE INDEX "SurveyChoice_optionId_idx" ON "SurveyChoice"("optionId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyChoice_responseId_rank_key" ON "SurveyChoice"("responseId", "rank");

-- CreateIndex
CREATE INDEX "CitizenFeedback_projectId_createdAt_idx" ON "CitizenFeedback"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "CitizenFeedback_clusterCode_createdAt_idx" ON "CitizenFeedback"("clusterCode", "createdAt");

-- CreateIndex
CREATE INDEX "CitizenFeedback_email_idx" ON "CitizenFeedback"("email");

-- CreateIndex
CREATE INDEX "CitizenFeedback_phone_idx" ON "CitizenFeedback"("phone");

-- CreateIndex
CREATE INDEX "Article_clusterCode_status_publishedAt_idx" ON "Article"("clusterCode", "status", "publishedAt");

-- CreateIndex
CREATE INDEX "Article_status_publishedAt_idx" ON "Article"("status", "publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ArticleAttachment_articleId_position_key" ON "ArticleAttachment"("articleId", "position");

-- CreateIndex
CREATE INDEX "Hearing_clusterCode_startsAt_idx" ON "Hearing"("clusterCode", "startsAt");

-- CreateIndex
CREATE INDEX "Hearing_subjectId_idx" ON "Hearing"("subjectId");

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_hearingId_fkey" FOREIGN KEY ("hearingId") REFERENCES "Hearing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentSupport" ADD CONSTRAINT "CommentSupport_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommentReport" ADD CONSTRAINT "CommentReport_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyOption" ADD CONSTRAINT "SurveyOption_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyChoice" ADD CONSTRAINT "SurveyChoice_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyChoice" ADD CONSTRAINT "SurveyChoice_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "SurveyOption"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleAttachment" ADD CONSTRAINT "ArticleAttachment_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
