use rusqlite::{params, Connection, OptionalExtension};

use crate::categories::{Category, FieldDef};
use crate::error::{Error, Result};

pub fn insert(c: &Connection, cat: &Category) -> Result<i64> {
    if find_by_name(c, &cat.name)?.is_some() {
        return Err(Error::Conflict(format!(
            "there is already a category named {}",
            cat.name
        )));
    }
    c.execute(
        "INSERT INTO categories (name, default_owner_id, realtime, small_steps) VALUES (?1, ?2, ?3, ?4)",
        params![
            cat.name,
            cat.default_owner_id,
            cat.realtime,
            serde_json::to_string(&cat.small_steps).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    let id = c.last_insert_rowid();
    for (i, f) in cat.fields.iter().enumerate() {
        c.execute(
            "INSERT INTO category_fields (category_id, position, key, label, required) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, i as i64, f.key, f.label, f.required],
        )?;
    }
    Ok(id)
}

fn load(c: &Connection, where_sql: &str, arg: &dyn rusqlite::ToSql) -> Result<Vec<Category>> {
    let mut stmt = c.prepare(&format!(
        "SELECT id, name, default_owner_id, realtime, small_steps FROM categories {where_sql} ORDER BY name COLLATE NOCASE"
    ))?;
    let mut cats: Vec<Category> = stmt
        .query_map([arg], |r| {
            let steps: String = r.get(4)?;
            Ok(Category {
                id: r.get(0)?,
                name: r.get(1)?,
                fields: vec![],
                default_owner_id: r.get(2)?,
                realtime: r.get(3)?,
                small_steps: serde_json::from_str(&steps).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut fields = c.prepare_cached(
        "SELECT key, label, required FROM category_fields WHERE category_id = ?1 ORDER BY position",
    )?;
    for cat in &mut cats {
        cat.fields = fields
            .query_map([cat.id], |r| {
                Ok(FieldDef {
                    key: r.get(0)?,
                    label: r.get(1)?,
                    required: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(cats)
}

pub fn all(c: &Connection) -> Result<Vec<Category>> {
    load(c, "WHERE 1 = ?1", &1)
}

pub fn get(c: &Connection, id: i64) -> Result<Category> {
    load(c, "WHERE id = ?1", &id)?
        .pop()
        .ok_or_else(|| Error::not_found("category", id))
}

pub fn find_by_name(c: &Connection, name: &str) -> Result<Option<Category>> {
    let id: Option<i64> = c
        .query_row(
            "SELECT id FROM categories WHERE name = ?1 COLLATE NOCASE",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(c, id)).transpose()
}
