/// The sections of the Model Documentation Form, in the form's order.
public enum DocumentationSection: String, Sendable, Hashable, CaseIterable {
    case generalInformation = "general_information"
    case modelProperties = "model_properties"
    case distributionAndLicences = "distribution_and_licences"
    case use = "use"
    case trainingProcess = "training_process"
    case data = "data"
    case computationalResources = "computational_resources"
    case energyConsumption = "energy_consumption"

    /// The section's heading.
    public var title: String {
        switch self {
        case .generalInformation: "General information"
        case .modelProperties: "Model properties"
        case .distributionAndLicences: "Methods of distribution and licences"
        case .use: "Use"
        case .trainingProcess: "Training process"
        case .data: "Information on the data used for training, testing and validation"
        case .computationalResources: "Computational resources"
        case .energyConsumption: "Energy consumption"
        }
    }
}
