//! The server's side of this module's server functions.

use crate::backend::ServerBackend;
use crate::modules::environment;
use app::error::AppResult;
use app::model::SessionUser;
use app::modules::environment::model as env;

#[async_trait::async_trait]
impl app::modules::environment::backend::EnvironmentBackend for ServerBackend {
    async fn environment_now(&self) -> AppResult<env::EnvironmentNow> {
        environment::store::now(&self.0.db).await
    }

    async fn environment_series(
        &self,
        code: &str,
        range: env::Range,
    ) -> AppResult<env::StationSeries> {
        environment::store::series(&self.0.db, code, range).await
    }

    async fn save_station(
        &self,
        user: &SessionUser,
        input: env::StationInput,
    ) -> AppResult<env::Station> {
        Ok(
            environment::store::save(&self.0.db, &user.email, None, input)
                .await?
                .0,
        )
    }
}
