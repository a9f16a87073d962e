// Starts `gandsl lsp` for .gan files (diagnostics, completion, hover, definition, format, outline).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

exports.activate = function (context) {
  const command = vscode.workspace.getConfiguration("gandsl").get("command") || "gandsl";
  client = new LanguageClient("gandsl", "gandsl", { command, args: ["lsp"] },
                              { documentSelector: [{ language: "gandsl" }] });
  client.start();
};

exports.deactivate = function () {
  return client ? client.stop() : undefined;
};
