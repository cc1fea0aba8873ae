using HospitalOps.Kernel.Data;

namespace HospitalOps.Calendars.Data;

internal sealed class CalendarsMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.Config;

    // The holidays were kept by alerting (work_calendar_days, for its baselines) before this module existed; they move
    // here once, with the days an administrator entered. Modules migrate in the order of their names, so alerting's
    // table exists by now; it is created empty when alerting is not part of the host, so the move never fails.
    public IReadOnlyList<Migration> Migrations { get; } =
    [
        new("calendars", 1, "holiday calendar (public holidays and make-up working days), taken over from alerting",
            Sqlite: """
            CREATE TABLE calendar_days (
              day TEXT PRIMARY KEY,
              kind TEXT NOT NULL,
              festival TEXT NULL
            );
            CREATE TABLE IF NOT EXISTS work_calendar_days (day TEXT PRIMARY KEY, kind TEXT NOT NULL, note TEXT NULL);
            INSERT INTO calendar_days (day, kind, festival) SELECT day, kind, note FROM work_calendar_days;
            DROP TABLE work_calendar_days;
            """,
            PostgreSql: """
            CREATE TABLE calendar_days (
              day varchar(10) PRIMARY KEY,
              kind varchar(20) NOT NULL,
              festival varchar(200) NULL
            );
            CREATE TABLE IF NOT EXISTS work_calendar_days (day varchar(10) PRIMARY KEY, kind varchar(20) NOT NULL, note varchar(200) NULL);
            INSERT INTO calendar_days (day, kind, festival) SELECT day, kind, note FROM work_calendar_days;
            DROP TABLE work_calendar_days;
            """),
    ];
}
