import LedgerCore

/// The registry lines of `ledger verify`: the credential's catalogue entry, its accreditation, its route and the
/// components of a stacked award, each as the bundle's status header proves it.
extension VerifyCommand {
    /// A day when the time is midnight UTC ("2028-06-30"), else the full ISO 8601 time.
    static func day(_ milliseconds: UInt64) -> String {
        let text = CLIOutput.iso8601(milliseconds: milliseconds)
        return milliseconds % 86_400_000 == 0 ? String(text.prefix(10)) : text
    }

    static func describe(_ entry: RegisterDefinition) -> String {
        "\"\(entry.title)\" (\(entry.definitionID): \(entry.activity), \(entry.format), CQF level \(entry.level), "
            + "\(CLIOutput.decimal(Double(entry.notionalMinutes) / 60)) h"
            + (entry.creditTenths > 0 ? ", \(CLIOutput.decimal(Double(entry.creditTenths) / 10)) credits" : "") + ")"
    }

    static func registryLines(_ registry: VerifiedRegistry, issuance: IssueCredential) -> [String] {
        var lines: [String] = []
        if let entry = registry.definition { lines.append("  entry        \(describe(entry))") }
        let what = registry.definition?.activity.description ?? "credential"
        if let accreditation = registry.accreditation {
            var line =
                "  accredited   \(what) accredited by \(accreditation.qaBodyName) (\(accreditation.qaBodyID), "
                + "\(accreditation.qaBodyCountry)) until \(day(accreditation.accreditation.validUntilMilliseconds)), "
                + "in force when it was issued"
            if accreditation.state == .withdrawn {
                line += "; the accreditation was WITHDRAWN at block \(accreditation.changedAtHeight)"
            }
            lines.append(line)
        } else {
            lines.append("  accredited   no: the credential names no accreditation record")
        }
        lines.append(
            "  route        " + (issuance.route == .priorLearning ? "recognition of prior learning (PLAR)" : "course"))
        if let pathway = registry.definition, pathway.activity == .pathway {
            lines.append(
                "  stacks       \(registry.components.count) components (\(pathway.componentsRequired) of "
                    + "\(pathway.components.count) required), each proven in the same bundle:")
            for component in registry.components {
                lines.append(
                    "    \(component.credentialID)  \(component.definition.title) (\(component.definition.definitionID))"
                        + " by \(component.issuerName), \(component.state)")
            }
        }
        return lines
    }

    static func registryJSON(_ registry: VerifiedRegistry, issuance: IssueCredential) -> [JSONMember] {
        func entry(_ definition: RegisterDefinition) -> JSONValue {
            .object([
                JSONMember("definitionId", .string(definition.definitionID)),
                JSONMember("title", .string(definition.title)),
                JSONMember("kind", .string(definition.activity.description)),
                JSONMember("format", .string(definition.format.description)),
                JSONMember("level", .number(Double(definition.level))),
                JSONMember("notionalHours", .number(Double(definition.notionalMinutes) / 60)),
                JSONMember("creditValue", .number(Double(definition.creditTenths) / 10)),
            ])
        }
        let accreditation: JSONValue =
            registry.accreditation.map { found in
                .object([
                    JSONMember("accreditationId", .string(found.accreditation.accreditationID)),
                    JSONMember("qaBodyId", .string(found.qaBodyID)), JSONMember("qaBody", .string(found.qaBodyName)),
                    JSONMember("country", .string(found.qaBodyCountry)),
                    JSONMember(
                        "validFrom", .string(CLIOutput.iso8601(milliseconds: found.accreditation.validFromMilliseconds))
                    ),
                    JSONMember(
                        "validUntil",
                        .string(CLIOutput.iso8601(milliseconds: found.accreditation.validUntilMilliseconds))),
                    JSONMember("state", .string(found.state.description)),
                ])
            } ?? .null
        return [
            JSONMember("definition", registry.definition.map(entry) ?? .null),
            JSONMember("accreditation", accreditation),
            JSONMember("route", .string(issuance.route.description)),
            JSONMember(
                "components",
                .array(
                    registry.components.map { component in
                        .object([
                            JSONMember("credentialId", .string(component.credentialID)),
                            JSONMember("issuerId", .string(component.issuerID)),
                            JSONMember("issuer", .string(component.issuerName)),
                            JSONMember("definition", entry(component.definition)),
                            JSONMember("state", .string(component.state.description)),
                        ])
                    })),
        ]
    }
}
