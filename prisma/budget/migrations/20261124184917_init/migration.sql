-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "nameTh" TEXT NOT NULL,
    "nameEn" TEXT,
    "amountBaht" DECIMAL(18,2) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Project_clusterCode_fiscalYear_idx" ON "Project"("clusterCode", "fiscalYear");
