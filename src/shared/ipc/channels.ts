// The channel names are derived from the contract rows in ./contract/<domain>.ts.
export { Channel, allChannels, isChannel, type ChannelName } from './contract/domains'
