//! A database dump as text, to prove what is (not) stored in clear.
use app::ssr::db::Db;

/// Every stored row as text, the way a database dump would show it.
pub async fn database_dump(db: &Db) -> String {
    match db {
        Db::Sqlite(pool) => {
            let path: String =
                sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .fetch_one(pool)
                    .await
                    .unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Db::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            let mut dump = String::new();
            for table in tables {
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT row_to_json(t)::text FROM \"{table}\" t"))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                dump.push_str(&rows.join("\n"));
            }
            dump
        }
    }
}
