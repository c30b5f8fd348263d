// graphql-schema-linter's configuration for schema.graphql (run by tests/core/test_schema_lint.py).
// Every rule of graphql-schema-linter 3.0.1 is listed: the enabled ones, and the disabled ones
// with the reason each is off. A new rule of a newer version stays off until it is listed here.
module.exports = {
  rules: [
    "arguments-have-descriptions",
    "defined-types-are-used",
    "deprecations-have-a-reason",
    "descriptions-are-capitalized",
    "enum-values-all-caps",
    "enum-values-have-descriptions",
    "fields-are-camel-cased",
    "fields-have-descriptions",
    "input-object-values-are-camel-cased",
    "input-object-values-have-descriptions",
    "relay-connection-arguments-spec",
    "relay-connection-types-spec",
    "relay-page-info-spec",
    "types-are-capitalized",
    "types-have-descriptions",
    // Disabled:
    // "enum-values-sorted-alphabetically": an enum's values are declared in their domain
    //   order (tiers BRONZE < SILVER < GOLD, statuses in lifecycle order, periods WEEK <
    //   MONTH < SEASON), which is what a reader of the SDL and the IDE's docs needs; sorting
    //   them alphabetically would hide that order.
    // "type-fields-sorted-alphabetically", "input-object-fields-sorted-alphabetically",
    // "interface-fields-sorted-alphabetically": fields are declared in reading order (ids and
    //   names first, related fields together, pagination last); GraphiQL's explorer and docs
    //   show them in that order. The order carries no meaning to clients, so no rule is lost.
  ],
};
