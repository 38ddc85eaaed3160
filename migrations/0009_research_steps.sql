ALTER TABLE `messages` ADD `steps` text;
