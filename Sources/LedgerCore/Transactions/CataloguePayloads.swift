/// How a micro-credential's learning is delivered, as the regional catalogue records it.
public enum DeliveryFormat: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case online = 1
    case faceToFace = 2
    case hybrid = 3
    case blended = 4

    public var description: String {
        switch self {
        case .online: "online"
        case .faceToFace: "faceToFace"
        case .hybrid: "hybrid"
        case .blended: "blended"
        }
    }
}

/// What sort of catalogue entry this is: a short learning activity, or a pathway that stacks others.
public enum ActivityKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case course = 1
    case workshop = 2
    case seminar = 3
    /// A stackable award: it names component entries and how many of them a learner must hold.
    case pathway = 4

    public var description: String {
        switch self {
        case .course: "course"
        case .workshop: "workshop"
        case .seminar: "seminar"
        case .pathway: "pathway"
        }
    }
}

/// An issuer adds one entry to the regional micro-credential catalogue (docs/FORMATS.md, kind 2).
///
/// A pathway (`activity == .pathway`) names between 1 and `Limits.pathwayComponentsMax` distinct component
/// entries and requires `componentsRequired` of them (all of them when it equals their count); any other kind
/// names none and requires 0.
public struct RegisterDefinition: Sendable, Hashable {
    public var definitionID: String
    public var title: String
    /// Notional learning time in minutes, so half hours are exact.
    public var notionalMinutes: UInt32
    /// Level on the CARICOM Qualifications Framework, 1…10.
    public var level: UInt8
    public var format: DeliveryFormat
    public var activity: ActivityKind
    /// Credit value in tenths of a credit, so half credits are exact; 0 when the entry carries no credit.
    public var creditTenths: UInt16
    /// The language of instruction, a BCP 47 tag such as "en", "es" or "fr-HT".
    public var language: String
    /// What a learner can do afterwards, as short statements; at most `Limits.learningOutcomesMax`.
    public var learningOutcomes: [String]
    /// For a pathway: the ids of its component entries, in the issuer's order.
    public var components: [String]
    /// For a pathway: how many of `components` a learner must hold; equal to their count for "all of them".
    public var componentsRequired: UInt8

    public init(
        definitionID: String, title: String, notionalMinutes: UInt32, level: UInt8, format: DeliveryFormat,
        activity: ActivityKind, creditTenths: UInt16 = 0, language: String = "en", learningOutcomes: [String] = [],
        components: [String] = [], componentsRequired: UInt8 = 0
    ) {
        self.definitionID = definitionID
        self.title = title
        self.notionalMinutes = notionalMinutes
        self.level = level
        self.format = format
        self.activity = activity
        self.creditTenths = creditTenths
        self.language = language
        self.learningOutcomes = learningOutcomes
        self.components = components
        self.componentsRequired = componentsRequired
    }

    /// Whether a learner holding these component entries has completed the pathway.
    public func isCompleted(byHolding held: Set<String>) -> Bool {
        activity == .pathway && components.count { held.contains($0) } >= Int(componentsRequired)
    }
}

extension RegisterDefinition {
    func validateFields() throws(FormatError) {
        try FieldRules.checkIdentifier(definitionID, field: "definitionID")
        try FieldRules.checkText(title, field: "title", bytesMax: Limits.displayTextBytesMax, allowEmpty: false)
        guard notionalMinutes > 0 else { throw .invalidValue(field: "notionalMinutes", reason: "must be above 0") }
        guard (1...10).contains(level) else {
            throw .invalidValue(field: "level", reason: "must be a CQF level 1…10")
        }
        try FieldRules.checkLanguageTag(language)
        guard learningOutcomes.count <= Limits.learningOutcomesMax else {
            throw .tooMany(
                field: "learningOutcomes", countMax: Limits.learningOutcomesMax, actual: learningOutcomes.count)
        }
        for (index, outcome) in learningOutcomes.enumerated() {
            try FieldRules.checkText(
                outcome, field: "learningOutcomes[\(index)]", bytesMax: Limits.displayTextBytesMax, allowEmpty: false)
        }
        guard activity == .pathway else {
            guard components.isEmpty, componentsRequired == 0 else {
                throw .invalidValue(field: "components", reason: "only a pathway names components")
            }
            return
        }
        guard !components.isEmpty else {
            throw .invalidValue(field: "components", reason: "a pathway names at least one component entry")
        }
        guard components.count <= Limits.pathwayComponentsMax else {
            throw .tooMany(field: "components", countMax: Limits.pathwayComponentsMax, actual: components.count)
        }
        for (index, component) in components.enumerated() {
            try FieldRules.checkIdentifier(component, field: "components[\(index)]")
            guard component != definitionID else {
                throw .invalidValue(field: "components[\(index)]", reason: "a pathway cannot be its own component")
            }
        }
        guard Set(components).count == components.count else {
            throw .invalidValue(field: "components", reason: "names an entry twice")
        }
        guard (1...components.count).contains(Int(componentsRequired)) else {
            throw .invalidValue(
                field: "componentsRequired", reason: "must be from 1 to the \(components.count) components named")
        }
    }

    /// definitionId text ‖ title text ‖ u32 notionalMinutes ‖ u8 level ‖ u8 format ‖ u8 activity ‖ u16 creditTenths
    /// ‖ language text ‖ u8 count ‖ outcomes (text each) ‖ u8 count ‖ components (text each) ‖ u8 componentsRequired.
    func encode(into writer: inout CanonicalWriter) {
        writer.write(text: definitionID, bytesMax: Limits.identifierBytesMax)
        writer.write(text: title, bytesMax: Limits.displayTextBytesMax)
        writer.write(notionalMinutes)
        writer.write(level)
        writer.write(format.rawValue)
        writer.write(activity.rawValue)
        writer.write(creditTenths)
        writer.write(text: language, bytesMax: Limits.languageTagBytesMax)
        writer.write(UInt8(learningOutcomes.count))
        for outcome in learningOutcomes { writer.write(text: outcome, bytesMax: Limits.displayTextBytesMax) }
        writer.write(UInt8(components.count))
        for component in components { writer.write(text: component, bytesMax: Limits.identifierBytesMax) }
        writer.write(componentsRequired)
    }

    static func decode(from reader: inout CanonicalReader) throws(FormatError) -> RegisterDefinition {
        let definitionID = try reader.readText(field: "definitionID", bytesMax: Limits.identifierBytesMax)
        let title = try reader.readText(field: "title", bytesMax: Limits.displayTextBytesMax)
        let minutes = try reader.readUInt32(field: "notionalMinutes")
        let level = try reader.readUInt8(field: "level")
        let format = try TransactionPayload.decodeEnum(DeliveryFormat.self, field: "format", from: &reader)
        let activity = try TransactionPayload.decodeEnum(ActivityKind.self, field: "activity", from: &reader)
        let credits = try reader.readUInt16(field: "creditTenths")
        let language = try reader.readText(field: "language", bytesMax: Limits.languageTagBytesMax)
        let outcomes = try readList(
            &reader, field: "learningOutcomes", countMax: Limits.learningOutcomesMax,
            bytesMax: Limits.displayTextBytesMax)
        let components = try readList(
            &reader, field: "components", countMax: Limits.pathwayComponentsMax, bytesMax: Limits.identifierBytesMax)
        return RegisterDefinition(
            definitionID: definitionID, title: title, notionalMinutes: minutes, level: level, format: format,
            activity: activity, creditTenths: credits, language: language, learningOutcomes: outcomes,
            components: components, componentsRequired: try reader.readUInt8(field: "componentsRequired"))
    }

    /// A u8 count, checked against `countMax` before anything is read, then that many texts.
    private static func readList(
        _ reader: inout CanonicalReader, field: String, countMax: Int, bytesMax: Int
    ) throws(FormatError) -> [String] {
        let count = Int(try reader.readUInt8(field: field))
        guard count <= countMax else { throw .tooMany(field: field, countMax: countMax, actual: count) }
        var texts: [String] = []
        for index in 0..<count { texts.append(try reader.readText(field: "\(field)[\(index)]", bytesMax: bytesMax)) }
        return texts
    }
}
