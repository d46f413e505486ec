-- CreateTable
CREATE TABLE "Hearing" (
    "id" TEXT NOT NULL,
    "clusterCode" TEXT NOT NULL,
    "titleTh" TEXT NOT NULL,
    "venueTh" TEXT,
    "heldOn" DATE NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Hearing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Hearing_clusterCode_heldOn_idx" ON "Hearing"("clusterCode", "heldOn");
