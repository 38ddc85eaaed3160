CREATE TABLE `zim_cursors` (
  `doc_id` text PRIMARY KEY NOT NULL,
  `identity` text NOT NULL,
  `next` integer NOT NULL,
  `articles` integer NOT NULL,
  `chunks` integer NOT NULL,
  `total` integer NOT NULL,
  `updated_at` integer NOT NULL
);
