import LedgerCore

/// Names the first unknown command or option on a command line, with the nearest known name. ArgumentParser
/// reports a missing required option before an unknown one (`--issuer-id` for `--issuer` said only "missing
/// --issuer"), and names no alternative for a mistyped command.
enum UsageHint {
    /// - Parameter tool: ArgumentParser's description of the command tree (`_dumpHelp()`, ToolInfo v0 JSON).
    static func find(in arguments: [String], tool: String) -> String? {
        guard let root = (try? JSONParser.parse(Array(tool.utf8)))?["command"] else { return nil }
        var command = root
        var path = [root["commandName"]?.stringValue ?? "ledger"]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { return nil }
            let subcommands = command["subcommands"]?.arrayValue ?? []
            if argument.hasPrefix("-"), argument.count > 1 {
                let name = String(argument.prefix { $0 != "=" })
                let options = Self.options(of: command, isRoot: path.count == 1)
                guard let option = options.first(where: { $0.names.contains(name) }) else {
                    let candidates = options.flatMap(\.names).filter { $0.hasPrefix("--") }
                    return "unknown option '\(name)' for '\(path.joined(separator: " "))'"
                        + (nearest(name, among: candidates).map { ". Did you mean '\($0)'?" } ?? "")
                }
                if option.takesValue, !argument.contains("=") { index += 1 }
            } else if !subcommands.isEmpty {
                guard let next = subcommands.first(where: { $0["commandName"]?.stringValue == argument }) else {
                    let names = subcommands.compactMap { $0["commandName"]?.stringValue } + ["help"]
                    guard argument != "help" else { return nil }
                    return "unknown command '\(argument)' for '\(path.joined(separator: " "))'"
                        + (nearest(argument, among: names).map { ". Did you mean '\($0)'?" } ?? "")
                }
                command = next
                path.append(argument)
            }
        }
        return nil
    }

    private struct Option {
        let names: [String]
        let takesValue: Bool
    }

    private static func options(of command: JSONValue, isRoot: Bool) -> [Option] {
        var options = (command["arguments"]?.arrayValue ?? []).compactMap { argument -> Option? in
            let kind = argument["kind"]?.stringValue
            guard kind == "option" || kind == "flag" else { return nil }
            let names = (argument["names"]?.arrayValue ?? []).compactMap { name -> String? in
                guard let text = name["name"]?.stringValue else { return nil }
                return name["kind"]?.stringValue == "long" ? "--" + text : "-" + text
            }
            return Option(names: names, takesValue: kind == "option")
        }
        options.append(Option(names: ["--help", "-h"], takesValue: false))
        if isRoot {
            options.append(Option(names: ["--version"], takesValue: false))
            options.append(Option(names: ["--generate-completion-script"], takesValue: true))
        }
        return options
    }

    /// The candidate closest in edit distance, if it is close enough to be a likely slip, or one that the name
    /// extends or abbreviates (`--issuer-id` → `--issuer`).
    static func nearest(_ name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(name, $0)) }.sorted { $0.1 < $1.1 }
        if let (best, distance) = scored.first, distance <= max(2, name.count / 3) { return best }
        return candidates.filter { name.hasPrefix($0) || $0.hasPrefix(name) }.max { $0.count < $1.count }
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
