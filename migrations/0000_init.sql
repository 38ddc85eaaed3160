CREATE TABLE `documents` (
  `id` text PRIMARY KEY NOT NULL,
  `path` text NOT NULL,
  `collection` text NOT NULL,
  `format` text NOT NULL,
  `title` text,
  `author` text,
  `content_hash` text,
  `size` integer NOT NULL DEFAULT 0,
  `mtime_ms` integer NOT NULL DEFAULT 0,
  `status` text NOT NULL DEFAULT 'pending',
  `error` text,
  `chunk_count` integer NOT NULL DEFAULT 0,
  `indexed_at` integer,
  `updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_path_unique` ON `documents` (`path`);
--> statement-breakpoint
CREATE INDEX `documents_status_idx` ON `documents` (`status`);
--> statement-breakpoint
CREATE TABLE `meta` (
  `key` text PRIMARY KEY NOT NULL,
  `value` text NOT NULL
);
