-- CreateTable
CREATE TABLE "AgendaTemplateItem" (
    "id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "offsetMinutes" INTEGER NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "AgendaItemKind" NOT NULL DEFAULT 'other',
    "description" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgendaTemplateItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgendaTemplateItem_position_key" ON "AgendaTemplateItem"("position");

-- The network's standing day (10–14, as its meetings run): the coordinator edits it in the dashboard.
INSERT INTO "AgendaTemplateItem" ("id", "position", "offsetMinutes", "durationMinutes", "title", "kind") VALUES
  ('7d0c8f52-2a51-4d38-9a0e-1f3e5b6a0001', 1, 0, 15, 'Velkomst', 'welcome'),
  ('7d0c8f52-2a51-4d38-9a0e-1f3e5b6a0002', 2, 15, 75, 'Oplæg om dagens tema', 'talk'),
  ('7d0c8f52-2a51-4d38-9a0e-1f3e5b6a0003', 3, 90, 45, 'Frokost', 'lunch'),
  ('7d0c8f52-2a51-4d38-9a0e-1f3e5b6a0004', 4, 135, 90, 'Sparring og erfaringsudveksling', 'sparring'),
  ('7d0c8f52-2a51-4d38-9a0e-1f3e5b6a0005', 5, 225, 15, 'Opsamling og næste møde', 'other');
