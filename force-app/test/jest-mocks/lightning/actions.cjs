// lightning/actions for Jest: the quick action close event (no sfdx-lwc-jest stub exists).
class CloseActionScreenEvent extends CustomEvent {
  constructor() {
    super('close');
  }
}

module.exports = { CloseActionScreenEvent };
