// Starts GraphiQL against this server: queries and mutations over HTTP at the page's own
// path, subscriptions over graphql-transport-ws on the same path. Whatever the headers tab
// holds (e.g. {"Authorization": "Bearer <token>"}) is sent with each request and in the
// WebSocket connection_init payload.
(function () {
  var path = window.location.pathname || "/graphql";
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  var fetcher = GraphiQL.createFetcher({
    url: path,
    subscriptionUrl: scheme + "//" + window.location.host + path,
    wsConnectionParams: {},
  });
  var defaultQuery = [
    "# Convoy GraphQL API.",
    "# Put {\"Authorization\": \"Bearer <access token>\"} in the Headers tab to act as a member.",
    "",
    "query Viewer {",
    "  viewer {",
    "    member {",
    "      handle",
    "      displayName",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
    })
  );
})();
