using HospitalOps.Kernel.Data;

namespace HospitalOps.ServiceDesk.Data;

/// <summary>Tickets, their types and workflows, the priority matrix and SLA policies, in the configuration database.</summary>
internal sealed class ServiceDeskMigrations : IMigrationSource
{
    public DatabaseRole Target => DatabaseRole.Config;

    public IReadOnlyList<Migration> Migrations { get; } =
    [
        Both(1, "ticket types, versioned workflows, priority matrix, SLA policies, tickets with their timeline, comments, CIs, collaborators and SLA clocks",
            """
            CREATE TABLE sd_workflows (
              id {id},
              key {text} NOT NULL UNIQUE,
              name {text} NOT NULL,
              name_en {text} NOT NULL,
              current_version {int} NOT NULL,
              built_in {bool} NOT NULL,
              updated_at {int} NOT NULL
            );
            CREATE TABLE sd_workflow_versions (
              workflow_id {int} NOT NULL REFERENCES sd_workflows (id),
              version {int} NOT NULL,
              definition {text} NOT NULL,
              created_at {int} NOT NULL,
              created_by {text} NULL,
              PRIMARY KEY (workflow_id, version)
            );
            CREATE TABLE sd_ticket_types (
              id {id},
              key {text} NOT NULL UNIQUE,
              name {text} NOT NULL,
              name_en {text} NOT NULL,
              prefix {text} NOT NULL,
              workflow_id {int} NOT NULL REFERENCES sd_workflows (id),
              fields {text} NOT NULL,
              default_impact {int} NOT NULL,
              default_urgency {int} NOT NULL,
              built_in {bool} NOT NULL,
              active {bool} NOT NULL,
              updated_at {int} NOT NULL
            );
            CREATE TABLE sd_priority_matrix (
              impact {int} NOT NULL,
              urgency {int} NOT NULL,
              system_level {int} NOT NULL,
              priority {int} NOT NULL,
              PRIMARY KEY (impact, urgency, system_level)
            );
            CREATE TABLE sd_sla_policies (
              id {id},
              name {text} NOT NULL UNIQUE,
              ticket_type {text} NULL,
              priority {int} NULL,
              contract {text} NULL,
              calendar_id {int} NOT NULL,
              hours_calendar_id {int} NULL,
              response_minutes {int} NULL,
              response_outside_minutes {int} NULL,
              arrival_minutes {int} NULL,
              arrival_outside_minutes {int} NULL,
              resolution_minutes {int} NULL,
              yellow_at {real} NOT NULL,
              red_at {real} NOT NULL,
              updated_at {int} NOT NULL
            );
            CREATE TABLE sd_setup (
              step {text} PRIMARY KEY,
              done_at {int} NOT NULL
            );
            CREATE TABLE sd_number_counters (
              scope {text} PRIMARY KEY,
              last_value {int} NOT NULL
            );
            CREATE TABLE sd_tickets (
              id {id},
              number {text} NOT NULL UNIQUE,
              type_id {int} NOT NULL REFERENCES sd_ticket_types (id),
              workflow_id {int} NOT NULL,
              workflow_version {int} NOT NULL,
              state {text} NOT NULL,
              state_category {text} NOT NULL,
              title {text} NOT NULL,
              description {text} NOT NULL,
              channel {text} NOT NULL,
              impact {int} NOT NULL,
              urgency {int} NOT NULL,
              system_level {int} NOT NULL,
              priority {int} NOT NULL,
              business_system_id {int} NULL,
              business_system_name {text} NULL,
              reporter_user {text} NULL,
              reporter_name {text} NOT NULL,
              reporter_phone {text} NULL,
              assignee {text} NULL,
              team {text} NULL,
              fields {text} NOT NULL,
              source {text} NULL,
              sla_policy_id {int} NULL,
              contract {text} NULL,
              in_maintenance {bool} NOT NULL,
              opened_at {int} NOT NULL,
              responded_at {int} NULL,
              arrived_at {int} NULL,
              resolved_at {int} NULL,
              closed_at {int} NULL,
              rating {int} NULL,
              rating_comment {text} NULL,
              sla_colour {text} NULL,
              sla_due_at {int} NULL,
              sla_breached {bool} NOT NULL,
              created_by {text} NULL,
              updated_at {int} NOT NULL,
              version {int} NOT NULL
            );
            CREATE UNIQUE INDEX ux_sd_tickets_source ON sd_tickets (source);
            CREATE INDEX ix_sd_tickets_open ON sd_tickets (state_category, priority, opened_at);
            CREATE INDEX ix_sd_tickets_opened ON sd_tickets (opened_at);
            CREATE INDEX ix_sd_tickets_assignee ON sd_tickets (assignee, state_category);
            CREATE INDEX ix_sd_tickets_system ON sd_tickets (business_system_id, opened_at);
            CREATE TABLE sd_ticket_cis (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              ci_id {int} NOT NULL,
              ci_code {text} NOT NULL,
              ci_name {text} NOT NULL,
              PRIMARY KEY (ticket_id, ci_id)
            );
            CREATE TABLE sd_ticket_collaborators (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              user_name {text} NOT NULL,
              reason {text} NULL,
              PRIMARY KEY (ticket_id, user_name)
            );
            CREATE TABLE sd_ticket_log (
              id {id},
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              at {int} NOT NULL,
              kind {text} NOT NULL,
              actor {text} NULL,
              from_state {text} NULL,
              to_state {text} NULL,
              detail {text} NULL
            );
            CREATE INDEX ix_sd_ticket_log_ticket ON sd_ticket_log (ticket_id, id);
            CREATE TABLE sd_ticket_comments (
              id {id},
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              at {int} NOT NULL,
              author {text} NOT NULL,
              body {text} NOT NULL,
              mentions {text} NOT NULL
            );
            CREATE INDEX ix_sd_ticket_comments_ticket ON sd_ticket_comments (ticket_id, id);
            CREATE TABLE sd_sla_clocks (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              kind {text} NOT NULL,
              allowed_ms {int} NOT NULL,
              used_ms {int} NOT NULL,
              deadline_at {int} NULL,
              stopped_at {int} NULL,
              breached_at {int} NULL,
              paused {bool} NOT NULL,
              outcome {text} NOT NULL,
              colour {text} NOT NULL,
              computed_at {int} NOT NULL,
              PRIMARY KEY (ticket_id, kind)
            );
            CREATE TABLE sd_sla_breaches (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              kind {text} NOT NULL,
              breached_at {int} NOT NULL,
              responsible {text} NULL,
              recorded_at {int} NOT NULL,
              PRIMARY KEY (ticket_id, kind)
            );
            """),
        Both(2, "typical faults and their plans (steps, escalation), ticket checklists and escalations",
            """
            CREATE TABLE sd_fault_plans (
              id {id},
              name {text} NOT NULL UNIQUE,
              business_system_id {int} NULL,
              business_system_name {text} NULL,
              ci_codes {text} NOT NULL,
              keywords {text} NOT NULL,
              default_priority {int} NULL,
              steps {text} NOT NULL,
              escalation {text} NOT NULL,
              source {text} NOT NULL,
              updated_at {int} NOT NULL
            );
            ALTER TABLE sd_tickets ADD COLUMN fault_plan_id {int} NULL;
            CREATE TABLE sd_ticket_checklist (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              step_index {int} NOT NULL,
              text {text} NOT NULL,
              done_by {text} NULL,
              done_at {int} NULL,
              PRIMARY KEY (ticket_id, step_index)
            );
            CREATE TABLE sd_ticket_escalations (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              level {int} NOT NULL,
              at {int} NOT NULL,
              notified {text} NOT NULL,
              PRIMARY KEY (ticket_id, level)
            );
            """),
        new("servicedesk", 3, "search index of tickets (CJK-aware terms of number, title, description, resolution, CIs, business system)",
            Sqlite: TextSearch.Fts5Search.CreateTableSql("sd_ticket_search") + ";",
            PostgreSql: """
            CREATE TABLE sd_ticket_search (ticket_id bigint PRIMARY KEY REFERENCES sd_tickets (id), document tsvector NOT NULL);
            CREATE INDEX ix_sd_ticket_search_document ON sd_ticket_search USING GIN (document);
            """),
        Both(4, "ticket attachments: what each file is and who added it, and its bytes in a table of their own",
            """
            CREATE TABLE sd_ticket_attachments (
              id {id},
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              comment_id {int} NULL REFERENCES sd_ticket_comments (id),
              file_name {text} NOT NULL,
              content_type {text} NOT NULL,
              size_bytes {int} NOT NULL,
              is_image {bool} NOT NULL,
              uploaded_by {text} NOT NULL,
              uploaded_at {int} NOT NULL
            );
            CREATE INDEX ix_sd_ticket_attachments_ticket ON sd_ticket_attachments (ticket_id, id);
            CREATE TABLE sd_ticket_attachment_contents (
              attachment_id {int} PRIMARY KEY REFERENCES sd_ticket_attachments (id),
              content {blob} NOT NULL
            );
            """),
        Both(5, "change approval levels per risk, a change's submission (approval levels and CMDB impact set as submitted), approvals, releases' changes",
            """
            CREATE TABLE sd_change_approval_policies (
              risk {text} PRIMARY KEY,
              levels {text} NOT NULL,
              updated_at {int} NOT NULL,
              updated_by {text} NULL
            );
            CREATE TABLE sd_change_submissions (
              ticket_id {int} PRIMARY KEY REFERENCES sd_tickets (id),
              round {int} NOT NULL,
              risk {text} NOT NULL,
              levels {text} NOT NULL,
              impact {text} NOT NULL,
              submitted_at {int} NOT NULL,
              submitted_by {text} NULL
            );
            CREATE TABLE sd_change_approvals (
              id {id},
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              round {int} NOT NULL,
              level {int} NOT NULL,
              decision {text} NOT NULL,
              actor {text} NOT NULL,
              at {int} NOT NULL,
              comment {text} NULL
            );
            CREATE INDEX ix_sd_change_approvals_ticket ON sd_change_approvals (ticket_id, round, level);
            CREATE TABLE sd_release_changes (
              release_id {int} NOT NULL REFERENCES sd_tickets (id),
              change_id {int} NOT NULL REFERENCES sd_tickets (id),
              linked_at {int} NOT NULL,
              linked_by {text} NULL,
              PRIMARY KEY (release_id, change_id)
            );
            CREATE INDEX ix_sd_release_changes_change ON sd_release_changes (change_id);
            """),
        Both(7, "alert events and the tickets they opened or joined (one open alert ticket per CI)", """
            CREATE TABLE sd_ticket_alerts (
              event_id {int} PRIMARY KEY,
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              ci_code {text} NULL,
              at {int} NOT NULL
            );
            CREATE INDEX ix_sd_ticket_alerts_ci ON sd_ticket_alerts (ci_code, ticket_id);
            CREATE INDEX ix_sd_ticket_alerts_ticket ON sd_ticket_alerts (ticket_id);
            INSERT INTO sd_ticket_alerts (event_id, ticket_id, ci_code, at)
              SELECT CAST(SUBSTR(t.source, 7) AS bigint), t.id, (SELECT MIN(c.ci_code) FROM sd_ticket_cis c WHERE c.ticket_id = t.id), t.opened_at
              FROM sd_tickets t WHERE t.source LIKE 'alert:%';
            """),
        Both(8, "snapshots of an alert's metrics kept on its ticket", """
            CREATE TABLE sd_ticket_metric_snapshots (
              ticket_id {int} NOT NULL REFERENCES sd_tickets (id),
              event_id {int} NOT NULL,
              query {text} NOT NULL,
              start_ms {int} NOT NULL,
              end_ms {int} NOT NULL,
              step_ms {int} NOT NULL,
              taken_at {int} NOT NULL,
              result {text} NULL,
              error {text} NULL,
              PRIMARY KEY (ticket_id, event_id)
            );
            """),
        new("servicedesk", 9, "indexes for the ticket list at a million tickets: by priority, by assignee and by system over time, the open queue in its order, numbers by prefix",
            Sqlite: ListIndexes + ";",
            PostgreSql: ListIndexes + """
            ;
            CREATE INDEX ix_sd_tickets_number_prefix ON sd_tickets (number text_pattern_ops);
            """),
        Both(10, "dispatch rules: which team (and who in it) gets a new ticket nobody assigned", """
            CREATE TABLE sd_dispatch_rules (
              position {int} NOT NULL PRIMARY KEY,
              rule {text} NOT NULL,
              updated_at {int} NOT NULL,
              updated_by {text} NOT NULL
            );
            """),
        Both(11, "the oldest ticket of each status category in one index step (text searched only from the oldest unresolved ticket on)", """
            CREATE INDEX ix_sd_tickets_category_id ON sd_tickets (state_category, id);
            """),
        // Null until a sweep or a change of the ticket computes it: the first sweep of a process recomputes every ticket that is not closed.
        Both(12, "the instant each ticket's SLA colour next changes by itself, so the sweep reads only the tickets whose instant has passed", """
            ALTER TABLE sd_tickets ADD COLUMN sla_next_at {int} NULL;
            CREATE INDEX ix_sd_tickets_sla_next ON sd_tickets (sla_next_at) WHERE sla_next_at IS NOT NULL;
            """),
    ];

    // Measured with bench/ticket-scale.sh (1,000,000 tickets, 10,000 open). Without them: P1 among all tickets and one system's open
    // tickets read every ticket or every ticket of the system; an assignee's tickets newest first sorted all of them; the open queue
    // (the list's default) fetched and sorted all 10,000 open tickets. The queue's index holds only the open ones, in the list's order.
    private const string ListIndexes = """
        CREATE INDEX ix_sd_tickets_priority ON sd_tickets (priority, opened_at);
        CREATE INDEX ix_sd_tickets_assignee_opened ON sd_tickets (assignee, opened_at);
        CREATE INDEX ix_sd_tickets_system_state ON sd_tickets (business_system_id, state_category, priority);
        CREATE INDEX ix_sd_tickets_queue ON sd_tickets (priority, opened_at DESC) WHERE state_category IN ('new', 'open', 'waiting')
        """;

    /// <summary>One schema written once: the placeholders become each engine's column types.</summary>
    private static Migration Both(int version, string name, string schema) =>
        new("servicedesk", version, name,
            Sqlite: schema.Replace("{id}", "INTEGER PRIMARY KEY").Replace("{int}", "INTEGER").Replace("{text}", "TEXT").Replace("{bool}", "INTEGER").Replace("{real}", "REAL").Replace("{blob}", "BLOB"),
            PostgreSql: schema.Replace("{id}", "bigserial PRIMARY KEY").Replace("{int}", "bigint").Replace("{text}", "text").Replace("{bool}", "boolean").Replace("{real}", "double precision").Replace("{blob}", "bytea"));
}
