-- A user's capacity return is audited by the database as it is stored, in the same statement:
-- a submission is one INSERT, atomic with its audit row, and no code path can store one unaudited.
CREATE TRIGGER capacity_returns_audit AFTER INSERT ON capacity_returns
WHEN NEW.submitted_by IS NOT NULL
BEGIN
    INSERT INTO audit_log (at, user_id, username, action, target, detail)
    SELECT NEW.submitted_at, NEW.submitted_by, username,
           CASE WHEN NEW.version = 1 THEN 'return.submit' ELSE 'return.amend' END,
           NEW.home_id,
           json_object('submission_id', NEW.submission_id, 'version', NEW.version, 'week', NEW.week)
    FROM users WHERE id = NEW.submitted_by;
END;
