use rusqlite::{params, Connection, OptionalExtension};

use crate::customers::{Customer, Lookup};
use crate::error::{Error, Result};

pub fn insert(
    c: &Connection,
    name: &str,
    phones: &[(String, String)],
    emails: &[String],
    notes: &str,
    now: i64,
) -> Result<i64> {
    c.execute(
        "INSERT INTO customers (name, notes, created_at) VALUES (?1, ?2, ?3)",
        params![name, notes, now],
    )?;
    let id = c.last_insert_rowid();
    for (digits, shown) in phones {
        c.execute(
            "INSERT OR IGNORE INTO customer_phones (customer_id, phone, shown) VALUES (?1, ?2, ?3)",
            params![id, digits, shown],
        )?;
    }
    for email in emails {
        c.execute(
            "INSERT OR IGNORE INTO customer_emails (customer_id, email) VALUES (?1, ?2)",
            params![id, email],
        )?;
    }
    Ok(id)
}

/// Who already has this phone or email, if anyone.
pub fn owner_of_contact(
    c: &Connection,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<Option<(i64, String)>> {
    Ok(c.query_row(
        "SELECT c.id, c.name FROM customers c WHERE c.id IN (
             SELECT customer_id FROM customer_phones WHERE phone = ?1
             UNION SELECT customer_id FROM customer_emails WHERE email = ?2)
         LIMIT 1",
        params![phone, email],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?)
}

pub fn get(c: &Connection, id: i64) -> Result<Customer> {
    let (name, notes) = c
        .query_row(
            "SELECT name, notes FROM customers WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("customer", id))?;
    let phones = c
        .prepare_cached("SELECT shown FROM customer_phones WHERE customer_id = ?1 ORDER BY rowid")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let emails = c
        .prepare_cached("SELECT email FROM customer_emails WHERE customer_id = ?1 ORDER BY rowid")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Customer {
        id,
        name,
        phones,
        emails,
        notes,
    })
}

/// Customer ids matching a look-up, best first: exact contact matches, then prefixes.
pub fn find(c: &Connection, lookup: &Lookup, limit: u32) -> Result<Vec<i64>> {
    let (sql, arg) = match lookup {
        Lookup::Phone(digits) => (
            // Exact number first, then numbers that start with what was typed.
            "SELECT customer_id FROM customer_phones WHERE phone >= ?1 AND phone < ?1 || 'z'
             GROUP BY customer_id ORDER BY min(length(phone)), customer_id LIMIT ?2",
            digits.clone(),
        ),
        Lookup::Email(email) => (
            "SELECT customer_id FROM customer_emails WHERE email >= ?1 AND email < ?1 || '~'
             GROUP BY customer_id ORDER BY min(length(email)), customer_id LIMIT ?2",
            email.clone(),
        ),
        // Every word of the query as the start of a word of the name (FTS5, each word quoted
        // so punctuation is never syntax); the best matches first.
        Lookup::Name(name) => (
            "SELECT rowid FROM customer_names WHERE customer_names MATCH ?1
             ORDER BY rank LIMIT ?2",
            crate::tickets::words(name)
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    };
    if arg.is_empty() {
        return Ok(vec![]);
    }
    let ids = c
        .prepare_cached(sql)?
        .query_map(params![arg, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub fn erased(c: &Connection, id: i64) -> Result<bool> {
    Ok(c.query_row(
        "SELECT erased_at IS NOT NULL FROM customers WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Keeps the customer's id (their tickets still count) and nothing about them.
pub fn erase(c: &Connection, id: i64, name: &str, now: i64) -> Result<()> {
    c.execute(
        "UPDATE customers SET name = ?2, notes = '', erased_at = ?3 WHERE id = ?1",
        params![id, name, now],
    )?;
    c.execute("DELETE FROM customer_phones WHERE customer_id = ?1", [id])?;
    c.execute("DELETE FROM customer_emails WHERE customer_id = ?1", [id])?;
    Ok(())
}
