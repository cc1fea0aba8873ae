using HospitalOps.Kernel.Data;
using HospitalOps.Kernel.Demo;
using HospitalOps.Kernel.Errors;
using HospitalOps.Kernel.Security;
using HospitalOps.Knowledge.Articles;
using HospitalOps.Knowledge.Contracts;
using HospitalOps.Knowledge.Data;
using HospitalOps.Knowledge.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HospitalOps.Knowledge;

/// <summary>
/// The knowledge base (知识库): articles of symptom, cause and solution, with the business systems, CIs and monitoring
/// items they concern; written as drafts (by hand or from a resolved ticket), reviewed by someone other than their
/// author, published, and versioned. Search understands Chinese, English and both mixed, and suggests articles for a
/// new ticket.
/// </summary>
public static class KnowledgeModule
{
    public const string Read = "knowledge.read";
    public const string Write = "knowledge.write";
    public const string Review = "knowledge.review";

    public static IServiceCollection AddKnowledgeModule(this IServiceCollection services)
    {
        PermissionCatalog.Register(
            new Permission(Read, "knowledge", "查看知识库", "Read the knowledge base"),
            new Permission(Write, "knowledge", "编写知识文章", "Write knowledge articles"),
            new Permission(Review, "knowledge", "审核并发布知识文章", "Review and publish knowledge articles"));
        RegisterErrors();
        services.AddSingleton<IMigrationSource, KnowledgeMigrations>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<IObjectAccessRule, KnowledgeAccessRule>();
        services.AddSingleton<SimilarArticles>();
        services.AddSingleton<IKnowledgeSearch>(sp => sp.GetRequiredService<SimilarArticles>());
        services.AddSingleton<IKnowledgeDrafts, KnowledgeDrafts>();
        services.AddSingleton<IDemoData, Demo.KnowledgeDemo>();
        return services;
    }

    public static IEndpointRouteBuilder MapKnowledgeModule(this IEndpointRouteBuilder api)
    {
        var knowledge = api.MapGroup("/knowledge").WithTags("Knowledge");
        knowledge.MapGet("/articles", SearchArticles.Endpoint).RequirePermission(Read);
        knowledge.MapGet("/similar", SimilarArticles.Endpoint).RequirePermission(Read);
        knowledge.MapPost("/articles", SaveArticle.CreateEndpoint).RequirePermission(Write);
        knowledge.MapGet("/articles/{id:long}", GetArticle.Endpoint).RequirePermission(Read);
        knowledge.MapPut("/articles/{id:long}", SaveArticle.UpdateEndpoint).RequirePermission(Write);
        knowledge.MapGet("/articles/{id:long}/versions", GetArticle.VersionsEndpoint).RequirePermission(Read);
        knowledge.MapGet("/articles/{id:long}/versions/{number:int}", GetArticle.VersionEndpoint).RequirePermission(Read);
        knowledge.MapPost("/articles/{id:long}/submit", ReviewArticle.SubmitEndpoint).RequirePermission(Write);
        knowledge.MapPost("/articles/{id:long}/approve", ReviewArticle.ApproveEndpoint).RequirePermission(Review);
        knowledge.MapPost("/articles/{id:long}/reject", ReviewArticle.RejectEndpoint).RequirePermission(Review);
        knowledge.MapPost("/preview", Preview).RequirePermission(Write);
        return api;
    }

    /// <summary>The editor's preview: Markdown rendered exactly as the article will show it.</summary>
    public sealed record PreviewRequest(string? Markdown);

    /// <summary>The safe HTML of the previewed text.</summary>
    public sealed record PreviewResult(string Html);

    private static IResult Preview(PreviewRequest request)
    {
        if (request.Markdown is { Length: > ArticleRules.MaxSection })
        {
            throw AppProblem.Invalid("markdown", "too_long");
        }

        return Results.Ok(new PreviewResult(RichText.SafeMarkdown.ToHtml(request.Markdown)));
    }

    private static void RegisterErrors()
    {
        ErrorCatalog.Register("knowledge_tag_character", "标签不能包含“|”。", "A tag cannot contain \"|\".");
        ErrorCatalog.Register("knowledge_too_many_tags", $"最多 {ArticleRules.MaxTags} 个标签。", $"At most {ArticleRules.MaxTags} tags.");
        ErrorCatalog.Register("knowledge_too_many_links", $"最多关联 {ArticleRules.MaxLinks} 项。", $"At most {ArticleRules.MaxLinks} links.");
        ErrorCatalog.Register("knowledge_too_many_monitors", $"最多关联 {ArticleRules.MaxMonitors} 个监控项。", $"At most {ArticleRules.MaxMonitors} monitoring items.");
        ErrorCatalog.Register("knowledge_invalid_query", "这不是有效的 PromQL 查询。", "This is not a valid PromQL query.");
        ErrorCatalog.Register("knowledge_invalid_source", "来源应写成“类型:编号”，例如 ticket:123。", "The source must read kind:id, such as ticket:123.");
        ErrorCatalog.Register("knowledge_unknown_system", "CMDB 中没有这个业务系统。", "There is no such business system in the CMDB.");
        ErrorCatalog.Register("knowledge_unknown_ci", "CMDB 中没有这个配置项。", "There is no such configuration item in the CMDB.");
        ErrorCatalog.Register("knowledge_in_review", "文章正在审核中，审核通过或退回后才能修改。", "The article is in review; it can be edited once it is approved or rejected.");
        ErrorCatalog.Register("knowledge_not_draft", "只有草稿可以提交审核。", "Only a draft can be submitted for review.");
        ErrorCatalog.Register("knowledge_not_in_review", "这个版本不在审核中。", "This version is not in review.");
        ErrorCatalog.Register("knowledge_review_own", "不能审核通过自己编写的版本，请由其他审核人审核。", "You cannot approve a version you wrote; another reviewer must approve it.");
        ErrorCatalog.Register("knowledge_section_required", "提交审核前请填写此部分。", "Fill in this section before submitting for review.");
        ErrorCatalog.Register("knowledge_invalid_state", "状态只能是 draft、in_review 或 published。", "The state must be draft, in_review or published.");
        ErrorCatalog.Register("knowledge_invalid_limit", $"数量应在 1 到 {SimilarArticles.MaxLimit} 之间。", $"The limit must be between 1 and {SimilarArticles.MaxLimit}.");
    }
}
