-- PINs never leave the server. Every workstation holds the application role's password, so
-- anything that role can read, anyone at a workstation can read: a PIN hash read there could be
-- brute-forced offline (4 to 12 digits), and a failure count it could write, reset. So PINs are
-- set and checked only by these functions, which run as the schema's owner; the application
-- role may read neither the hash nor write the counts (see `baton upgrade --app-role`). The
-- lockout is the core's rule (`auth.rs`: five wrong PINs in a row lock the person out for five
-- minutes), enforced here because a workstation cannot be trusted to apply it; the behaviour
-- suite runs the same sign-in tests on both backends.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

ALTER TABLE people ADD COLUMN has_pin BOOLEAN GENERATED ALWAYS AS (pin_hash IS NOT NULL) STORED;

CREATE FUNCTION baton_set_pin(person BIGINT, pin TEXT) RETURNS VOID
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE people SET pin_hash = crypt(pin, gen_salt('bf', 8)), failed_pins = 0,
        locked_until = NULL
    WHERE id = person;
$$;

-- 'ok', 'inactive', 'no_pin', 'wrong', 'not_found' or 'locked:<until, ms>'. `at` is the
-- caller's now, but never later than the server's, so a forged clock cannot lift a lockout.
CREATE FUNCTION baton_sign_in(person BIGINT, pin TEXT, at BIGINT) RETURNS TEXT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    p people%ROWTYPE;
    now_ms BIGINT := least(at, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
BEGIN
    SELECT * INTO p FROM people WHERE id = person FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    IF NOT p.active THEN
        RETURN 'inactive';
    END IF;
    IF p.locked_until IS NOT NULL AND p.locked_until > now_ms THEN
        RETURN 'locked:' || p.locked_until;
    END IF;
    IF p.pin_hash IS NULL THEN
        -- On a shared desk whoever sits down first must not claim an account.
        RETURN CASE WHEN (SELECT count(*) FROM people) > 1 THEN 'no_pin' ELSE 'ok' END;
    END IF;
    IF crypt(pin, p.pin_hash) = p.pin_hash THEN
        UPDATE people SET failed_pins = 0, locked_until = NULL WHERE id = person;
        RETURN 'ok';
    END IF;
    IF p.failed_pins + 1 >= 5 THEN
        UPDATE people SET failed_pins = 0, locked_until = now_ms + 300000 WHERE id = person;
        RETURN 'locked:' || (now_ms + 300000);
    END IF;
    UPDATE people SET failed_pins = p.failed_pins + 1 WHERE id = person;
    RETURN 'wrong';
END $$;
