-- The standard confidence questions said what the scale's ends mean in their hint, and the form says it again
-- from the scale's own labels (issue 15). Only hints still as the standard wrote them are changed; an
-- organiser's own wording stays.
UPDATE `questions` SET `hint` = ''
  WHERE `metric` IN ('confidence_before', 'confidence_after') AND `hint` = '1 is not at all confident, 5 is very confident.';--> statement-breakpoint
UPDATE `questions` SET `hint` = 'The same scale as on the day.'
  WHERE `metric` = 'confidence_follow_up' AND `hint` = '1 is not at all confident, 5 is very confident: the same scale as on the day.';
