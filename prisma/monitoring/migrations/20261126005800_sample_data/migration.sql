-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "isSample" BOOLEAN NOT NULL DEFAULT false;
