//! Module 10: each official's wall (layout and group), kept so it follows them to any
//! screen (one row per signed-in user, by e-mail); and which departments may watch a group
//! of cameras (a group with no row here is open to every official).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "CREATE TABLE IF NOT EXISTS camera_wall (viewer VARCHAR(254) PRIMARY KEY, \
                 layout BIGINT NOT NULL, group_code VARCHAR(50), updated_at BIGINT NOT NULL)",
            )
            .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE TABLE IF NOT EXISTS camera_group_access (group_code VARCHAR(50) NOT NULL, \
                 department VARCHAR(20) NOT NULL, PRIMARY KEY (group_code, department))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS camera_group_access")
            .await?;
        m.get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS camera_wall")
            .await?;
        Ok(())
    }
}
