// The SDK's protocols load their event-stream codec on demand, for operations that stream events
// (Bedrock, Transcribe, S3 Select). None of the functions' calls do, so the codec is left out;
// should one ever be added, its first call says so here rather than failing somewhere inside.
'use strict';
const refuse = () => {
  throw new Error('@smithy/core/event-streams is not bundled: no function calls an event-stream operation');
};
module.exports = {
  EventStreamSerde: class EventStreamSerde {
    constructor() {
      refuse();
    }
  },
  eventStreamSerdeProvider: refuse,
};
