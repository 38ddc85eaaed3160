ALTER TABLE `messages` ADD `parent_id` integer;
--> statement-breakpoint
UPDATE `messages` SET `parent_id` = (SELECT max(`m2`.`id`) FROM `messages` AS `m2` WHERE `m2`.`conversation_id` = `messages`.`conversation_id` AND `m2`.`id` < `messages`.`id`);
--> statement-breakpoint
CREATE INDEX `messages_parent_idx` ON `messages` (`conversation_id`, `parent_id`);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `leaf_id` integer;
--> statement-breakpoint
UPDATE `conversations` SET `leaf_id` = (SELECT max(`id`) FROM `messages` WHERE `messages`.`conversation_id` = `conversations`.`id`);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `summary` text;
--> statement-breakpoint
ALTER TABLE `conversations` ADD `summary_upto` integer;
