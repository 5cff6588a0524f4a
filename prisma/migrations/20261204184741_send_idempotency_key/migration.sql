-- CreateTable
CREATE TABLE "SendIdempotencyKey" (
    "accountId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" TEXT NOT NULL,
    "created" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SendIdempotencyKey_pkey" PRIMARY KEY ("accountId","key")
);

-- CreateIndex
CREATE INDEX "SendIdempotencyKey_created_idx" ON "SendIdempotencyKey"("created");

-- AddForeignKey
ALTER TABLE "SendIdempotencyKey" ADD CONSTRAINT "SendIdempotencyKey_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

