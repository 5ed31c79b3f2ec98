'use client';
import RouteError from '../../_components/route-error';

export default RouteError;
