extension Form {
    /// This form with some respondent groups relabelled for one unit's report (a campaign
    /// unit's `groups: { staff: 干部职工 }`): each named group takes the new label and keeps its
    /// old one as an alias, so ballots written either way are read. Weights, ids and codes stay.
    ///
    /// - Returns: the relabelled form, or the first id that is not one of the form's groups.
    package func relabellingGroups(_ labels: [(id: String, label: String)]) -> Result<Form, UnknownGroup> {
        guard !labels.isEmpty else { return .success(self) }
        guard var respondents else { return .failure(UnknownGroup(id: labels[0].id, known: [])) }
        for (id, label) in labels {
            guard let index = respondents.groups.firstIndex(where: { $0.id == id }) else {
                return .failure(UnknownGroup(id: id, known: respondents.groups.map(\.id)))
            }
            var group = respondents.groups[index]
            if group.label != label {
                group.aliases = group.aliases.filter { $0 != label } + [group.label]
                group.label = label
            }
            respondents.groups[index] = group
        }
        var form = self
        form.respondents = respondents
        return .success(form)
    }

    /// This form reading every label in `labels` as well as its own (for one pass over files
    /// that feed several units, each of which may call a group differently).
    package func acceptingGroupLabels(_ labels: [(id: String, label: String)]) -> Form {
        guard var respondents else { return self }
        for (id, label) in labels {
            guard let index = respondents.groups.firstIndex(where: { $0.id == id }),
                respondents.groups[index].label != label, !respondents.groups[index].aliases.contains(label)
            else { continue }
            respondents.groups[index].aliases.append(label)
        }
        var form = self
        form.respondents = respondents
        return form
    }

    /// A group id a campaign names that the form does not have.
    package struct UnknownGroup: Error {
        package var id: String
        package var known: [String]
    }
}
