using HospitalOps.Kernel.Errors;

namespace HospitalOps.Cmdb;

internal static class CmdbErrors
{
    public static void Register()
    {
        ErrorCatalog.Register("unknown_ci_type", "配置项类型不存在。", "Unknown CI type.");
        ErrorCatalog.Register("unknown_relation_type", "关系类型不存在。", "Unknown relation type.");
        ErrorCatalog.Register("unknown_attribute", "该类型没有这个属性。", "This type has no such attribute.");
        ErrorCatalog.Register("invalid_value", "值的格式不正确。", "The value has the wrong form.");
        ErrorCatalog.Register("invalid_number", "请输入数字。", "Enter a number.");
        ErrorCatalog.Register("invalid_enum", "不是允许的取值之一。", "Not one of the allowed values.");
        ErrorCatalog.Register("invalid_date", "日期格式应为 YYYY-MM-DD。", "Dates look like YYYY-MM-DD.");
        ErrorCatalog.Register("invalid_ip", "不是有效的 IP 地址或网段（CIDR）。", "Not a valid IP address or CIDR block.");
        ErrorCatalog.Register("invalid_reference", "引用的配置项不存在或类型不符。", "The referenced CI does not exist or has the wrong type.");
        ErrorCatalog.Register("value_taken", "该值已被同类型的其他配置项使用（要求唯一）。", "Another CI of this type already has this value (it must be unique).");
        ErrorCatalog.Register("invalid_code", "编码只能包含字母、数字和 . _ : -，长度 1–100。", "Codes use letters, digits and . _ : -, 1–100 characters.");
        ErrorCatalog.Register("invalid_type_code", "类型编码须以小写字母开头，只含小写字母、数字和连字符，长度 2–64。", "Type codes start with a lower-case letter and use lower-case letters, digits and '-', 2–64 characters.");
        ErrorCatalog.Register("code_taken", "编码已被其他配置项使用。", "Another CI already has this code.");
        ErrorCatalog.Register("invalid_layer", "层级无效。", "Unknown layer.");
        ErrorCatalog.Register("invalid_attribute_name", "属性名须以字母开头，只含字母、数字和下划线。", "Attribute names start with a letter and use letters, digits and '_'.");
        ErrorCatalog.Register("duplicate_attribute", "属性名重复。", "Duplicate attribute name.");
        ErrorCatalog.Register("invalid_attribute_type", "属性类型无效。", "Unknown attribute type.");
        ErrorCatalog.Register("enum_values_required", "枚举属性需要至少一个取值。", "An enum attribute needs at least one value.");
        ErrorCatalog.Register("type_in_use", "已有该类型的配置项：不能删除属性、修改属性类型或新增必填属性。", "CIs of this type exist: attributes cannot be removed, change type or become required.");
        ErrorCatalog.Register("type_taken", "类型编码已存在。", "This type code is already taken.");
        ErrorCatalog.Register("builtin_fixed", "内置对象不能删除。", "Built-in items cannot be deleted.");
        ErrorCatalog.Register("in_use", "仍在使用中，不能删除。", "Still in use; it cannot be deleted.");
        ErrorCatalog.Register("source_type_not_allowed", "该关系不允许从这种类型的配置项发起。", "This relation cannot start at a CI of this type.");
        ErrorCatalog.Register("target_type_not_allowed", "该关系不允许指向这种类型的配置项。", "This relation cannot point to a CI of this type.");
        ErrorCatalog.Register("self_relation", "配置项不能与自身建立关系。", "A CI cannot be related to itself.");
        ErrorCatalog.Register("relation_exists", "该关系已存在。", "This relation already exists.");
        ErrorCatalog.Register("cardinality_exceeded", "超出该关系的数量限制（{cardinality}）。", "The relation's cardinality ({cardinality}) would be exceeded.");
        ErrorCatalog.Register("relation_cycle", "该关系会形成环路（{type} 不允许环路）。", "This relation would close a cycle ({type} must not have cycles).");
        ErrorCatalog.Register("backup_mode_required", "备份关系须指定模式：hot（热备）或 cold（冷备）。", "A backs-up relation needs a mode: hot or cold.");
        ErrorCatalog.Register("invalid_cardinality", "关系数量约束无效。", "Unknown cardinality.");
        ErrorCatalog.Register("invalid_availability", "可用性语义无效。", "Unknown availability semantics.");
        ErrorCatalog.Register("import_empty", "文件是空的。", "The file is empty.");
        ErrorCatalog.Register("import_too_many_rows", "一次最多导入 50000 行。", "At most 50,000 rows per import.");
        ErrorCatalog.Register("unknown_column", "无法识别的列（既不是属性名也不是属性标签）。", "Unknown column (neither an attribute name nor its label).");
        ErrorCatalog.Register("import_needs_code_and_name", "表头必须包含 code（编码）和 name（名称）两列。", "The header needs the columns code and name.");
        ErrorCatalog.Register("import_duplicate_code", "文件中该编码重复出现。", "This code appears more than once in the file.");
        ErrorCatalog.Register("import_unreadable", "无法读取文件：请上传 UTF-8 编码的 CSV 或 XLSX 文件。", "The file cannot be read: upload a UTF-8 CSV or an XLSX file.");
        ErrorCatalog.Register("import_rejected", "导入被拒绝：有错误的行，未导入任何数据。", "Import rejected: some rows have errors, nothing was imported.");
        ErrorCatalog.Register("invalid_type_list", "类型列表包含不存在的类型。", "The type list names an unknown type.");
    }
}
