import ArgumentParser
import Mentoring

extension TrainingCommands {
    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "complete",
            abstract: "Record that a faculty member completed leadership training.",
            discussion: """
                Appends TrainingCompleted to the person's stream. Training is needed once \
                (LDR-04) and carries over to later years; its hours count toward OBL-01. \
                Hours: more than 0, at most 24, at most two decimals.

                Example:
                  mcledger training complete f-okafor --hours 1.5 --on 2026-07-20
                """
        )

        @Argument(help: ArgumentHelp("The faculty member's id.", valueName: "faculty-id")) var faculty: String
        @Option(help: ArgumentHelp("How long the training took, e.g. 1.5.", valueName: "h")) var hours: String
        @OptionGroup var write: WriteOptions

        func run() throws {
            try write.perform {
                .completeTraining(CompleteTraining(faculty: try PersonID(faculty, field: "faculty id"), hours: try Hours(hours, field: "--hours")))
            }
        }
    }
}
