ALTER TABLE `documents` ADD `lang` text;
--> statement-breakpoint
ALTER TABLE `users` ADD `language` text;
