ALTER TABLE `documents` ADD `warning` text;
--> statement-breakpoint
ALTER TABLE `documents` ADD `attempts` integer NOT NULL DEFAULT 0;
--> statement-breakpoint
CREATE TABLE `sessions` (
  `id_hash` text PRIMARY KEY NOT NULL,
  `created_at` integer NOT NULL,
  `expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);
