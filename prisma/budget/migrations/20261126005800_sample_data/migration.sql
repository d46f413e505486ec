-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "isSample" BOOLEAN NOT NULL DEFAULT false;
