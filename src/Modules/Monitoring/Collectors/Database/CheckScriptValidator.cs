namespace HospitalOps.Monitoring.Collectors.Database;

/// <summary>
/// The first wall around user-written check scripts: a script must be exactly one read-only query
/// (SELECT, WITH, VALUES, TABLE or SHOW) with no data-changing statement, row lock, SELECT INTO
/// or function known to act outside the transaction. The second wall is the READ ONLY
/// transaction the runner opens and always rolls back.
/// </summary>
internal static class CheckScriptValidator
{
    public const int MaxScriptChars = 20_000;

    private static readonly HashSet<string> AllowedFirstWords = ["select", "with", "values", "table", "show"];

    private static readonly HashSet<string> TransactionControl =
        ["begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare", "reset", "discard", "set"];

    private static readonly HashSet<string> DataChanging =
    [
        "insert", "update", "delete", "merge", "truncate", "create", "alter", "drop", "grant", "revoke",
        "comment", "vacuum", "analyze", "cluster", "reindex", "refresh", "lock", "import", "security", "reassign",
        "checkpoint", "load", "listen", "unlisten", "notify", "declare", "fetch", "move", "close", "execute",
        "deallocate", "explain",
    ];

    /// <summary>Functions that act outside a read-only transaction or change the session or server.</summary>
    private static readonly HashSet<string> RefusedFunctions =
    [
        "nextval", "setval", "set_config", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
        "pg_rotate_logfile", "pg_switch_wal", "pg_create_restore_point", "pg_promote", "pg_wal_replay_pause",
        "pg_wal_replay_resume", "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock",
        "pg_try_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all",
        "pg_notify", "lo_import", "lo_export", "lo_unlink", "lo_create", "lo_creat", "lo_from_bytea", "lo_put",
        "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_read_file", "pg_read_binary_file", "pg_ls_dir",
        "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u", "dblink_send_query",
        "pg_stat_reset", "pg_stat_reset_shared", "pg_stat_reset_single_table_counters",
        "pg_stat_reset_single_function_counters", "pg_stat_statements_reset", "pg_create_physical_replication_slot",
        "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_replication_origin_create",
        "pg_import_system_collations", "txid_current", "pg_current_xact_id",
    ];

    /// <summary>Why the script may not run, or null when it passes this wall.</summary>
    public static string? Refusal(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return "the script is empty";
        }

        if (sql.Length > MaxScriptChars)
        {
            return $"the script is longer than {MaxScriptChars} characters";
        }

        if (sql.Contains('\0'))
        {
            return "the script contains a NUL character";
        }

        var (tokens, error) = PostgresSqlLexer.Tokenize(sql);
        if (error is not null)
        {
            return error;
        }

        var statements = PostgresSqlLexer.SplitStatements(tokens);
        if (statements.Count == 0)
        {
            return "the script is empty";
        }

        if (statements.Count > 1)
        {
            return $"the script holds {statements.Count} statements; only one query is allowed";
        }

        var statement = statements[0];
        var first = statement.FirstOrDefault(t => t.Kind != SqlTokenKind.Symbol || t.Text != "(");
        var firstWord = first.Kind == SqlTokenKind.Word ? first.Text : "";
        if (!AllowedFirstWords.Contains(firstWord))
        {
            return firstWord switch
            {
                _ when TransactionControl.Contains(firstWord) => $"transaction and session control ({firstWord.ToUpperInvariant()}) is not allowed",
                "copy" => "COPY is not allowed",
                "call" => "CALL is not allowed",
                "do" => "DO blocks are not allowed",
                _ when DataChanging.Contains(firstWord) => $"{firstWord.ToUpperInvariant()} statements are not allowed",
                "" => "the script does not start with a statement keyword",
                _ => $"only SELECT, WITH, VALUES, TABLE and SHOW are allowed, not {firstWord.ToUpperInvariant()}",
            };
        }

        for (var i = 0; i < statement.Count; i++)
        {
            var token = statement[i];
            var next = i + 1 < statement.Count ? statement[i + 1] : default;
            if (token.Kind == SqlTokenKind.Word)
            {
                if (token.Text is "insert" or "update" or "delete" or "merge" or "truncate")
                {
                    return $"a data-changing {token.Text.ToUpperInvariant()} inside the query is not allowed";
                }

                if (token.Text == "into")
                {
                    return "SELECT INTO is not allowed";
                }

                if (token.Text == "for" && next.Kind == SqlTokenKind.Word && next.Text is "share" or "key" or "no")
                {
                    return "row locks (FOR SHARE / FOR UPDATE) are not allowed";
                }
            }

            if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
                && next is { Kind: SqlTokenKind.Symbol, Text: "(" }
                && RefusedFunctions.Contains(token.Text))
            {
                return $"the function {token.Text}() is not allowed";
            }
        }

        return null;
    }
}
