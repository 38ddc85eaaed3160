ALTER TABLE `documents` ADD `year` integer;
--> statement-breakpoint
ALTER TABLE `documents` ADD `publisher` text;
--> statement-breakpoint
ALTER TABLE `documents` ADD `language` text;
--> statement-breakpoint
ALTER TABLE `documents` ADD `meta_version` integer DEFAULT 0 NOT NULL;
