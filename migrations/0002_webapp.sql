ALTER TABLE `documents` ADD `tags` text;
--> statement-breakpoint
CREATE TABLE `document_texts` (
  `doc_id` text PRIMARY KEY NOT NULL,
  `body` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conversations` (
  `id` text PRIMARY KEY NOT NULL,
  `owner` text NOT NULL,
  `title` text NOT NULL,
  `created_at` integer NOT NULL,
  `updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversations_owner_idx` ON `conversations` (`owner`, `updated_at`);
--> statement-breakpoint
CREATE TABLE `messages` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `conversation_id` text NOT NULL REFERENCES `conversations`(`id`) ON DELETE CASCADE,
  `role` text NOT NULL,
  `content` text NOT NULL,
  `sources` text,
  `mode` text,
  `retrieval` text,
  `latency_ms` integer,
  `ttft_ms` integer,
  `tokens_per_s` real,
  `stopped` integer NOT NULL DEFAULT 0,
  `created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`, `id`);
