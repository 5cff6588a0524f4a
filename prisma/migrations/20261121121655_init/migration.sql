-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SpecialUse" AS ENUM ('archive', 'drafts', 'junk', 'sent', 'trash');

-- CreateTable
CREATE TABLE "Domain" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "unicodeName" TEXT NOT NULL,
    "localpartCatchallSeparators" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "localpartCaseSensitive" BOOLEAN NOT NULL DEFAULT false,
    "disabledReason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DkimKey" (
    "id" SERIAL NOT NULL,
    "domainId" INTEGER NOT NULL,
    "selector" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "privateKeyPem" TEXT NOT NULL,
    "publicKeyDns" TEXT NOT NULL,
    "hash" TEXT NOT NULL DEFAULT 'sha256',
    "headers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sign" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DkimKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "fullName" TEXT NOT NULL DEFAULT '',
    "keepRetiredMessagePeriodSec" INTEGER NOT NULL DEFAULT 0,
    "keepRetiredWebhookPeriodSec" INTEGER NOT NULL DEFAULT 0,
    "maxOutgoingMessagesPerDay" INTEGER NOT NULL DEFAULT 1000,
    "maxFirstTimeRecipientsPerDay" INTEGER NOT NULL DEFAULT 200,
    "quotaMessageSize" BIGINT NOT NULL DEFAULT 0,
    "loginDisabled" TEXT NOT NULL DEFAULT '',
    "outgoingWebhookUrl" TEXT NOT NULL DEFAULT '',
    "outgoingWebhookAuthorization" TEXT NOT NULL DEFAULT '',
    "outgoingWebhookEvents" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "incomingWebhookUrl" TEXT NOT NULL DEFAULT '',
    "incomingWebhookAuthorization" TEXT NOT NULL DEFAULT '',
    "webhookSigningSecret" TEXT NOT NULL DEFAULT '',
    "fromIdLoginAddresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Address" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "domainId" INTEGER NOT NULL,
    "localpart" TEXT NOT NULL,
    "mailbox" TEXT NOT NULL DEFAULT 'Inbox',
    "fullName" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Credential" (
    "accountId" INTEGER NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "AdminCredential" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "passwordHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Transport" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Transport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Route" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER,
    "domainId" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    "fromDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "toDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "minimumAttempts" INTEGER NOT NULL DEFAULT 0,
    "transportId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Route_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "specialUse" "SpecialUse",
    "uidValidity" INTEGER NOT NULL,
    "uidNext" INTEGER NOT NULL DEFAULT 1,
    "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Mailbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "mailboxId" INTEGER NOT NULL,
    "uid" INTEGER NOT NULL,
    "expunged" BOOLEAN NOT NULL DEFAULT false,
    "received" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "size" BIGINT NOT NULL,
    "seen" BOOLEAN NOT NULL DEFAULT false,
    "answered" BOOLEAN NOT NULL DEFAULT false,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "draft" BOOLEAN NOT NULL DEFAULT false,
    "forwarded" BOOLEAN NOT NULL DEFAULT false,
    "junk" BOOLEAN NOT NULL DEFAULT false,
    "notjunk" BOOLEAN NOT NULL DEFAULT false,
    "phishing" BOOLEAN NOT NULL DEFAULT false,
    "mdnsent" BOOLEAN NOT NULL DEFAULT false,
    "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "dsn" BOOLEAN NOT NULL DEFAULT false,
    "mailFrom" TEXT NOT NULL DEFAULT '',
    "mailFromValidated" BOOLEAN NOT NULL DEFAULT false,
    "msgFromValidated" BOOLEAN NOT NULL DEFAULT false,
    "rcptTo" TEXT NOT NULL DEFAULT '',
    "dkimVerifiedDomains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "remoteIp" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "messageIdHeader" TEXT NOT NULL DEFAULT '',
    "inReplyTo" TEXT NOT NULL DEFAULT '',
    "references" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "date" TIMESTAMP(3),
    "fromAddrs" JSONB NOT NULL DEFAULT '[]',
    "toAddrs" JSONB NOT NULL DEFAULT '[]',
    "ccAddrs" JSONB NOT NULL DEFAULT '[]',
    "bccAddrs" JSONB NOT NULL DEFAULT '[]',
    "replyToAddrs" JSONB NOT NULL DEFAULT '[]',
    "fromSearch" TEXT NOT NULL DEFAULT '',
    "preview" TEXT NOT NULL DEFAULT '',
    "structure" JSONB,
    "hasAttachments" BOOLEAN NOT NULL DEFAULT false,
    "threadId" BIGINT,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageContent" (
    "messageId" BIGINT NOT NULL,
    "prefix" BYTEA NOT NULL DEFAULT '\x',
    "raw" BYTEA NOT NULL,

    CONSTRAINT "MessageContent_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "SendHistory" (
    "id" BIGSERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "sent" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SendHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueContent" (
    "id" BIGSERIAL NOT NULL,
    "raw" BYTEA NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QueueContent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueMessage" (
    "id" BIGSERIAL NOT NULL,
    "baseId" BIGINT NOT NULL DEFAULT 0,
    "queued" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hold" BOOLEAN NOT NULL DEFAULT false,
    "senderAccount" TEXT NOT NULL,
    "senderLocalpart" TEXT NOT NULL,
    "senderDomain" TEXT NOT NULL,
    "senderDomainStr" TEXT NOT NULL,
    "fromId" TEXT NOT NULL DEFAULT '',
    "recipientLocalpart" TEXT NOT NULL,
    "recipientDomain" TEXT NOT NULL,
    "recipientDomainStr" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 0,
    "dialedIps" JSONB NOT NULL DEFAULT '{}',
    "nextAttempt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttempt" TIMESTAMP(3),
    "results" JSONB NOT NULL DEFAULT '[]',
    "has8bit" BOOLEAN NOT NULL DEFAULT false,
    "smtputf8" BOOLEAN NOT NULL DEFAULT false,
    "isDmarcReport" BOOLEAN NOT NULL DEFAULT false,
    "isTlsReport" BOOLEAN NOT NULL DEFAULT false,
    "size" BIGINT NOT NULL,
    "messageIdHeader" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "msgPrefix" BYTEA NOT NULL DEFAULT '\x',
    "dsnUtf8" BYTEA,
    "contentId" BIGINT NOT NULL,
    "transport" TEXT NOT NULL DEFAULT '',
    "requireTls" BOOLEAN,
    "futureReleaseRequest" TEXT NOT NULL DEFAULT '',
    "extra" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "QueueMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetiredMessage" (
    "id" BIGINT NOT NULL,
    "baseId" BIGINT NOT NULL DEFAULT 0,
    "queued" TIMESTAMP(3) NOT NULL,
    "senderAccount" TEXT NOT NULL,
    "senderLocalpart" TEXT NOT NULL,
    "senderDomainStr" TEXT NOT NULL,
    "fromId" TEXT NOT NULL DEFAULT '',
    "recipientLocalpart" TEXT NOT NULL,
    "recipientDomain" TEXT NOT NULL,
    "recipientDomainStr" TEXT NOT NULL,
    "recipientAddress" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "maxAttempts" INTEGER NOT NULL,
    "dialedIps" JSONB NOT NULL DEFAULT '{}',
    "lastAttempt" TIMESTAMP(3),
    "results" JSONB NOT NULL DEFAULT '[]',
    "has8bit" BOOLEAN NOT NULL DEFAULT false,
    "smtputf8" BOOLEAN NOT NULL DEFAULT false,
    "isDmarcReport" BOOLEAN NOT NULL DEFAULT false,
    "isTlsReport" BOOLEAN NOT NULL DEFAULT false,
    "size" BIGINT NOT NULL,
    "messageIdHeader" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "transport" TEXT NOT NULL DEFAULT '',
    "requireTls" BOOLEAN,
    "futureReleaseRequest" TEXT NOT NULL DEFAULT '',
    "extra" JSONB NOT NULL DEFAULT '{}',
    "success" BOOLEAN NOT NULL,
    "lastActivity" TIMESTAMP(3) NOT NULL,
    "keepUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetiredMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HoldRule" (
    "id" SERIAL NOT NULL,
    "account" TEXT NOT NULL DEFAULT '',
    "senderDomain" TEXT NOT NULL DEFAULT '',
    "recipientDomain" TEXT NOT NULL DEFAULT '',
    "senderDomainStr" TEXT NOT NULL DEFAULT '',
    "recipientDomainStr" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoldRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" SERIAL NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "account" TEXT NOT NULL,
    "baseAddress" TEXT NOT NULL,
    "originalAddress" TEXT NOT NULL,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" BIGSERIAL NOT NULL,
    "queueMsgId" BIGINT NOT NULL DEFAULT 0,
    "fromId" TEXT NOT NULL DEFAULT '',
    "messageId" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "extra" JSONB NOT NULL DEFAULT '{}',
    "account" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "authorization" TEXT NOT NULL DEFAULT '',
    "isIncoming" BOOLEAN NOT NULL,
    "outgoingEvent" TEXT NOT NULL DEFAULT '',
    "payload" TEXT NOT NULL,
    "submitted" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttempt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "results" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetiredWebhook" (
    "id" BIGINT NOT NULL,
    "queueMsgId" BIGINT NOT NULL DEFAULT 0,
    "fromId" TEXT NOT NULL DEFAULT '',
    "messageId" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "extra" JSONB NOT NULL DEFAULT '{}',
    "account" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "hasAuthorization" BOOLEAN NOT NULL DEFAULT false,
    "isIncoming" BOOLEAN NOT NULL,
    "outgoingEvent" TEXT NOT NULL DEFAULT '',
    "payload" TEXT NOT NULL,
    "submitted" TIMESTAMP(3) NOT NULL,
    "supersededById" BIGINT NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL,
    "results" JSONB NOT NULL DEFAULT '[]',
    "success" BOOLEAN NOT NULL,
    "lastActivity" TIMESTAMP(3) NOT NULL,
    "keepUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetiredWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebSession" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "accountId" INTEGER,
    "loginAddress" TEXT NOT NULL DEFAULT '',
    "csrfToken" TEXT NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsed" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthFailureCount" (
    "network" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AuthFailureCount_pkey" PRIMARY KEY ("network","window","windowStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "Domain_name_key" ON "Domain"("name");

-- CreateIndex
CREATE UNIQUE INDEX "DkimKey_domainId_selector_key" ON "DkimKey"("domainId", "selector");

-- CreateIndex
CREATE UNIQUE INDEX "Account_name_key" ON "Account"("name");

-- CreateIndex
CREATE INDEX "Address_accountId_idx" ON "Address"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Address_domainId_localpart_key" ON "Address"("domainId", "localpart");

-- CreateIndex
CREATE UNIQUE INDEX "Transport_name_key" ON "Transport"("name");

-- CreateIndex
CREATE INDEX "Route_accountId_position_idx" ON "Route"("accountId", "position");

-- CreateIndex
CREATE INDEX "Route_domainId_position_idx" ON "Route"("domainId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_accountId_name_key" ON "Mailbox"("accountId", "name");

-- CreateIndex
CREATE INDEX "Message_accountId_mailboxId_expunged_received_idx" ON "Message"("accountId", "mailboxId", "expunged", "received");

-- CreateIndex
CREATE INDEX "Message_accountId_threadId_idx" ON "Message"("accountId", "threadId");

-- CreateIndex
CREATE INDEX "Message_accountId_messageIdHeader_idx" ON "Message"("accountId", "messageIdHeader");

-- CreateIndex
CREATE UNIQUE INDEX "Message_mailboxId_uid_key" ON "Message"("mailboxId", "uid");

-- CreateIndex
CREATE INDEX "SendHistory_accountId_sent_idx" ON "SendHistory"("accountId", "sent");

-- CreateIndex
CREATE INDEX "SendHistory_accountId_recipient_idx" ON "SendHistory"("accountId", "recipient");

-- CreateIndex
CREATE INDEX "QueueMessage_hold_nextAttempt_idx" ON "QueueMessage"("hold", "nextAttempt");

-- CreateIndex
CREATE INDEX "QueueMessage_senderAccount_idx" ON "QueueMessage"("senderAccount");

-- CreateIndex
CREATE INDEX "QueueMessage_baseId_idx" ON "QueueMessage"("baseId");

-- CreateIndex
CREATE INDEX "QueueMessage_fromId_idx" ON "QueueMessage"("fromId");

-- CreateIndex
CREATE INDEX "QueueMessage_contentId_idx" ON "QueueMessage"("contentId");

-- CreateIndex
CREATE INDEX "RetiredMessage_fromId_idx" ON "RetiredMessage"("fromId");

-- CreateIndex
CREATE INDEX "RetiredMessage_keepUntil_idx" ON "RetiredMessage"("keepUntil");

-- CreateIndex
CREATE INDEX "RetiredMessage_recipientAddress_lastActivity_idx" ON "RetiredMessage"("recipientAddress", "lastActivity");

-- CreateIndex
CREATE INDEX "RetiredMessage_senderAccount_lastActivity_idx" ON "RetiredMessage"("senderAccount", "lastActivity");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_account_baseAddress_key" ON "Suppression"("account", "baseAddress");

-- CreateIndex
CREATE INDEX "Webhook_nextAttempt_idx" ON "Webhook"("nextAttempt");

-- CreateIndex
CREATE INDEX "Webhook_queueMsgId_idx" ON "Webhook"("queueMsgId");

-- CreateIndex
CREATE INDEX "Webhook_account_idx" ON "Webhook"("account");

-- CreateIndex
CREATE INDEX "RetiredWebhook_keepUntil_idx" ON "RetiredWebhook"("keepUntil");

-- CreateIndex
CREATE INDEX "RetiredWebhook_account_lastActivity_idx" ON "RetiredWebhook"("account", "lastActivity");

-- CreateIndex
CREATE INDEX "WebSession_expires_idx" ON "WebSession"("expires");

-- CreateIndex
CREATE INDEX "AuthFailureCount_windowStart_idx" ON "AuthFailureCount"("windowStart");

-- AddForeignKey
ALTER TABLE "DkimKey" ADD CONSTRAINT "DkimKey_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Address" ADD CONSTRAINT "Address_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Address" ADD CONSTRAINT "Address_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_transportId_fkey" FOREIGN KEY ("transportId") REFERENCES "Transport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageContent" ADD CONSTRAINT "MessageContent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendHistory" ADD CONSTRAINT "SendHistory_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMessage" ADD CONSTRAINT "QueueMessage_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "QueueContent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebSession" ADD CONSTRAINT "WebSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

