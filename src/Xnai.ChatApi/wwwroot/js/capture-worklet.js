// Runs on the audio thread: hands each block of microphone samples (every channel) to the page, and answers a
// "flush" once every block posted before it is on its way (messages on one port keep their order).
class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.port.onmessage = (event) => {
      if (event.data === 'flush') this.port.postMessage('flushed');
    };
  }

  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0 && input[0].length > 0) {
      this.port.postMessage(input.map((channel) => channel.slice()));
    }
    return true;
  }
}

registerProcessor('xnai-capture', CaptureProcessor);
