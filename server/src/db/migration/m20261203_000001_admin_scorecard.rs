//! Module 1's Decision 766 scorecard: the sub-indicators as data (an administrator corrects
//! a weight or a rule without a code change; the decision's appendix was not verified, so
//! the defaults below are a starting point) and the values departments enter per period.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdminScoreIndicator {
    Table,
    Code,
    GroupNo,
    Title,
    TitleEn,
    Numerator,
    NumeratorEn,
    Denominator,
    DenominatorEn,
    MaxPoints,
    Rule,
    Source,
    Department,
    Version,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum AdminScoreEntry {
    Table,
    Indicator,
    Period,
    Agency,
    Numerator,
    Denominator,
    EnteredBy,
    EnteredAt,
}

const PROPORTIONAL: &str = r#"{"kind":"proportional"}"#;
const STEPS: &str =
    r#"{"kind":"thresholds","steps":[{"at_least":95,"share":1},{"at_least":80,"share":0.5}]}"#;

/// code, group, title, title_en, numerator, numerator_en, denominator, denominator_en,
/// points, rule, source, department.
type DefaultRow = (
    &'static str,
    i32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// 18 + 20 + 22 + 22 + 18 = 100 points.
#[rustfmt::skip]
const DEFAULTS: [DefaultRow; 15] = [
    ("1.1", 1, "Thủ tục hành chính được công bố, công khai đúng hạn", "Procedures published on time",
     "TTHC công bố, công khai đúng hạn", "procedures published on time", "TTHC phải công bố trong kỳ", "procedures due for publication", 6.0, PROPORTIONAL, "entered", Some("VPUBND")),
    ("1.2", 1, "Hồ sơ được đồng bộ, công khai trên Cổng Dịch vụ công quốc gia", "Dossiers published on the national portal",
     "hồ sơ đồng bộ lên Cổng", "dossiers synchronised", "hồ sơ tiếp nhận", "dossiers received", 6.0, PROPORTIONAL, "entered", Some("STTTT")),
    ("1.3", 1, "Kết quả xử lý phản ánh, kiến nghị được công khai", "Feedback results made public",
     "phản ánh công khai kết quả", "reports with published results", "phản ánh đã xử lý", "reports handled", 6.0, PROPORTIONAL, "entered", Some("VPUBND")),
    ("2.1", 2, "Hồ sơ giải quyết trước hạn và đúng hạn", "Dossiers resolved early or on time",
     "hồ sơ trước hạn + đúng hạn", "early + on time", "hồ sơ đã giải quyết", "dossiers resolved", 12.0, PROPORTIONAL, "dossiers.on_time", None),
    ("2.2", 2, "Hồ sơ đang giải quyết còn trong hạn", "Pending dossiers within their deadline",
     "hồ sơ còn hạn", "within deadline", "hồ sơ đang giải quyết cuối kỳ", "pending at the end", 4.0, STEPS, "dossiers.not_overdue", None),
    ("2.3", 2, "Phản ánh, kiến nghị xử lý đúng hạn", "Feedback handled on time",
     "phản ánh xử lý đúng hạn", "handled by the deadline", "phản ánh thuộc thẩm quyền", "reports within competence", 4.0, PROPORTIONAL, "feedback.on_time", None),
    ("3.1", 3, "Hồ sơ được số hoá khi tiếp nhận", "Dossiers digitised on receipt",
     "hồ sơ số hoá", "digitised", "hồ sơ tiếp nhận", "dossiers received", 10.0, PROPORTIONAL, "dossiers.digitised", None),
    ("3.2", 3, "Kết quả giải quyết được số hoá", "Results issued digitally",
     "kết quả số hoá", "digital results", "hồ sơ đã giải quyết", "dossiers resolved", 8.0, PROPORTIONAL, "entered", Some("STTTT")),
    ("3.3", 3, "Dữ liệu số hoá được tái sử dụng", "Digitised data reused",
     "hồ sơ dùng lại dữ liệu số", "dossiers reusing data", "hồ sơ tiếp nhận", "dossiers received", 4.0, PROPORTIONAL, "entered", Some("STTTT")),
    ("4.1", 4, "Thủ tục có dịch vụ công trực tuyến toàn trình", "Procedures fully online",
     "TTHC trực tuyến toàn trình", "procedures fully online", "TTHC đủ điều kiện", "eligible procedures", 8.0, PROPORTIONAL, "entered", Some("VPUBND")),
    ("4.2", 4, "Hồ sơ tiếp nhận trực tuyến", "Dossiers received online",
     "hồ sơ trực tuyến", "received online", "hồ sơ tiếp nhận", "dossiers received", 8.0, PROPORTIONAL, "dossiers.online", None),
    ("4.3", 4, "Hồ sơ thanh toán trực tuyến", "Dossiers paid online",
     "hồ sơ thanh toán trực tuyến", "paid online", "hồ sơ tiếp nhận", "dossiers received", 6.0, PROPORTIONAL, "dossiers.paid_online", None),
    ("5.1", 5, "Người dân, doanh nghiệp hài lòng khi giải quyết thủ tục", "Citizens satisfied with procedures",
     "phiếu hài lòng", "satisfied answers", "phiếu khảo sát", "survey answers", 6.0, PROPORTIONAL, "entered", Some("SNV")),
    ("5.2", 5, "Mức độ hài lòng về xử lý phản ánh, kiến nghị", "Satisfaction with feedback handling",
     "phản ánh không bị đánh giá không hài lòng, không trễ hạn", "neither unsatisfied nor late", "phản ánh thuộc thẩm quyền", "reports within competence", 6.0, PROPORTIONAL, "feedback.satisfaction", None),
    ("5.3", 5, "Hồ sơ trễ hạn có văn bản xin lỗi", "Late dossiers with a letter of apology",
     "hồ sơ trễ hạn có thư xin lỗi", "late with an apology", "hồ sơ trễ hạn", "late dossiers", 6.0, PROPORTIONAL, "entered", Some("VPUBND")),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AdminScoreIndicator::Table)
                .if_not_exists()
                .col(string(AdminScoreIndicator::Code).primary_key())
                .col(integer(AdminScoreIndicator::GroupNo))
                .col(string(AdminScoreIndicator::Title))
                .col(string(AdminScoreIndicator::TitleEn))
                .col(string(AdminScoreIndicator::Numerator))
                .col(string(AdminScoreIndicator::NumeratorEn))
                .col(string(AdminScoreIndicator::Denominator))
                .col(string(AdminScoreIndicator::DenominatorEn))
                .col(double(AdminScoreIndicator::MaxPoints))
                .col(text(AdminScoreIndicator::Rule))
                .col(string(AdminScoreIndicator::Source))
                .col(string_null(AdminScoreIndicator::Department))
                .col(big_integer(AdminScoreIndicator::Version))
                .col(big_integer(AdminScoreIndicator::UpdatedAt))
                .col(string(AdminScoreIndicator::UpdatedBy))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AdminScoreEntry::Table)
                .if_not_exists()
                .col(string(AdminScoreEntry::Indicator))
                .col(string_len(AdminScoreEntry::Period, 7))
                .col(string(AdminScoreEntry::Agency))
                .col(double(AdminScoreEntry::Numerator))
                .col(double(AdminScoreEntry::Denominator))
                .col(string(AdminScoreEntry::EnteredBy))
                .col(big_integer(AdminScoreEntry::EnteredAt))
                .primary_key(
                    Index::create()
                        .col(AdminScoreEntry::Indicator)
                        .col(AdminScoreEntry::Period)
                        .col(AdminScoreEntry::Agency),
                )
                .to_owned(),
        )
        .await?;
        let mut insert = Query::insert();
        insert.into_table(AdminScoreIndicator::Table).columns([
            AdminScoreIndicator::Code,
            AdminScoreIndicator::GroupNo,
            AdminScoreIndicator::Title,
            AdminScoreIndicator::TitleEn,
            AdminScoreIndicator::Numerator,
            AdminScoreIndicator::NumeratorEn,
            AdminScoreIndicator::Denominator,
            AdminScoreIndicator::DenominatorEn,
            AdminScoreIndicator::MaxPoints,
            AdminScoreIndicator::Rule,
            AdminScoreIndicator::Source,
            AdminScoreIndicator::Department,
            AdminScoreIndicator::Version,
            AdminScoreIndicator::UpdatedAt,
            AdminScoreIndicator::UpdatedBy,
        ]);
        for (code, group, title, title_en, num, num_en, den, den_en, points, rule, source, dept) in
            DEFAULTS
        {
            insert.values_panic([
                code.into(),
                group.into(),
                title.into(),
                title_en.into(),
                num.into(),
                num_en.into(),
                den.into(),
                den_en.into(),
                points.into(),
                rule.into(),
                source.into(),
                dept.into(),
                1i64.into(),
                0i64.into(),
                "migration".into(),
            ]);
        }
        m.exec_stmt(insert).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AdminScoreEntry::Table.into_iden(),
            AdminScoreIndicator::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
