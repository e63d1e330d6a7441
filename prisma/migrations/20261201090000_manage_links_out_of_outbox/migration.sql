-- Hand-written, data only: e-mails rendered before this migration kept the manage link, token and
-- all, in their text. Only a hash of the token may be stored: put the placeholder that e-mails are
-- now rendered with in its place (MANAGE_URL_PLACEHOLDER in emails.templates.ts); the link is put
-- back in when an e-mail is sent or shown, in today's form (token in the fragment).
UPDATE "OutboxEmail"
SET "textBody" = regexp_replace("textBody", 'https?://[^[:space:]"<>]*/tilmelding/[0-9A-Fa-f-]{36}\?token=[A-Za-z0-9_-]+', '{{bok-manage-url}}', 'g'),
    "htmlBody" = regexp_replace("htmlBody", 'https?://[^[:space:]"<>]*/tilmelding/[0-9A-Fa-f-]{36}\?token=[A-Za-z0-9_-]+', '{{bok-manage-url}}', 'g')
WHERE "textBody" ~ '/tilmelding/[0-9A-Fa-f-]{36}\?token='
   OR "htmlBody" ~ '/tilmelding/[0-9A-Fa-f-]{36}\?token=';
