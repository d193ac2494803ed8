-- News (issue 10): whether an article's publication has been made known: announced on the live
-- stream and the cached news pages refreshed. Published for later, an article is made known by
-- the news-due job when its time comes; published at once, as it is published. Articles from
-- before this column are taken up by the job too, which announces only the recent ones.
ALTER TABLE news ADD COLUMN announced INTEGER NOT NULL DEFAULT 0;
CREATE INDEX news_due ON news (announced, publish_at);
