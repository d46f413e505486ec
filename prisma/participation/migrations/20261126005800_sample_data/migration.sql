-- AlterTable
ALTER TABLE "Hearing" ADD COLUMN     "isSample" BOOLEAN NOT NULL DEFAULT false;
