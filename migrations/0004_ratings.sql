ALTER TABLE `messages` ADD `rating` integer;
--> statement-breakpoint
ALTER TABLE `messages` ADD `rating_note` text;
--> statement-breakpoint
ALTER TABLE `messages` ADD `rated_at` integer;
