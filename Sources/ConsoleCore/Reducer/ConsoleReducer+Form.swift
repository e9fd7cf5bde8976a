extension ConsoleReducer {
    func beginEditing(_ state: inout AppState) -> [Effect] {
        guard state.details.tab == .bootstrap, var form = state.details.form, !form.fields.isEmpty else { return [] }
        guard allowChange(&state) else { return [] }
        form.editor = LineEditor(form.fields[form.focused].value)
        state.details.form = form
        state.focus = .details
        state.mode = .editingForm
        return []
    }

    func formKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard var form = state.details.form else {
            state.mode = .normal
            return []
        }
        switch key {
        case .tab, .backTab, .down, .up:
            let step = key == .tab || key == .down ? 1 : form.fields.count - 1
            form.focused = (form.focused + step) % max(1, form.fields.count)
            form.editor = LineEditor(form.fields[form.focused].value)
            state.details.form = form
            return []
        case .ctrl("s"):
            state.details.form = form
            return saveForm(&state)
        case .ctrl("r"):
            form.revealed.toggle()
            state.details.form = form
            return []
        case .escape:
            state.details.form = form
            if form.isDirty {
                state.mode = .confirm(ConfirmDialog(question: "Discard changes? (y/N)", confirmLabel: "Discard", action: .discardForm))
            } else {
                state.mode = .normal
            }
            return []
        case .enter:
            form.focused = (form.focused + 1) % max(1, form.fields.count)
            form.editor = LineEditor(form.fields[form.focused].value)
            state.details.form = form
            return []
        default:
            guard form.editor.handle(key) else { return [] }
            form.fields[form.focused].value = form.editor.text
            validate(&form)
            state.details.form = form
            guard form.errors.isEmpty else { return [] }
            return [.previewBootstrapPlan(deviceID: form.deviceID, fields: form.fields)]
        }
    }

    func validate(_ form: inout BootstrapForm) {
        var errors: [String: String] = [:]
        for field in form.fields {
            if let problem = validator.validate(field, in: form.fields) { errors[field.name] = problem }
        }
        form.errors = errors
    }

    func saveForm(_ state: inout AppState) -> [Effect] {
        guard var form = state.details.form else { return [] }
        guard allowChange(&state) else { return [] }
        validate(&form)
        state.details.form = form
        if !form.errors.isEmpty {
            let count = form.errors.count
            flash(&state, "Not saved: \(count) field\(count == 1 ? " is" : "s are") invalid", isError: true)
            return []
        }
        guard form.isDirty else {
            flash(&state, "Nothing to save", isError: false)
            return []
        }
        state.details.form?.saving = true
        return [.saveBootstrap(deviceID: form.deviceID, fields: form.fields)]
    }

    func bootstrapSaved(_ deviceID: String, _ fields: [BootstrapField], _ error: String?, _ state: inout AppState) -> [Effect] {
        guard var form = state.details.form, form.deviceID == deviceID else { return [] }
        form.saving = false
        if let error {
            state.details.form = form
            flash(&state, "Save failed: \(error)", isError: true)
            return []
        }
        form.original = fields
        form.fields = fields
        state.details.form = form
        state.details.detail?.bootstrap = fields
        if state.mode == .editingForm { state.mode = .normal }
        flash(&state, "Bootstrap parameters saved", isError: false)
        return [.previewBootstrapPlan(deviceID: deviceID, fields: fields)]
    }
}
